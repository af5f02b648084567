// POSTs to URLs an admin typed in (monitor webhooks, Slack), guarded against
// reaching this machine or its network: the address is checked when the
// connection is made, on what DNS answered then (so a name that resolves to a
// private address, or starts to, is refused), redirects are never followed,
// and nothing of the answer is read but its status.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { env } from "@/lib/env";
import { addressRefusal, type Allowlist, hostAllowlisted, normalHost, parseAllowlist, refusedKind } from "./outbound-allowlist";

/** A request that the outbound policy does not let out; retrying cannot help. */
export class OutboundRefused extends Error {
  readonly code = "ERR_OUTBOUND_REFUSED";
}

let cached: { entries: readonly string[]; allowlist: Allowlist } | undefined;

/** OUTBOUND_ALLOWLIST, parsed once. */
export function outboundAllowlist(): Allowlist {
  const entries = env().OUTBOUND_ALLOWLIST;
  if (cached?.entries !== entries) cached = { entries, allowlist: parseAllowlist(entries) };
  return cached.allowlist;
}

/** Why this URL is refused before any DNS is asked (a scheme other than http(s), a private address written in it), or null. */
export function urlRefusal(url: string, allow: Allowlist = outboundAllowlist()): string | null {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return "the URL is not valid";
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return "only http:// and https:// addresses are allowed";
  if (hostAllowlisted(target, allow)) return null;
  const host = normalHost(target.hostname);
  return isIP(host) ? addressRefusal(host, allow) : null;
}

/** A DNS lookup that answers only the addresses the policy allows, and fails when there is none. */
function guardedLookup(allow: Allowlist): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const allowed = addresses.filter((a) => refusedKind(a.address, allow) === null);
      if (!allowed.length) {
        const why = addresses.length
          ? `${hostname} resolves to ${addresses[0].address}, ${refusedKind(addresses[0].address, allow)}; add it to OUTBOUND_ALLOWLIST to allow it`
          : `DNS answered no address for ${hostname}`;
        return callback(new OutboundRefused(why), "", 4);
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

export type OutboundAnswer = { status: number };

/**
 * POSTs `body` to `url` and answers the status. Throws OutboundRefused for an address the policy does not
 * allow, and the connection's error (or a timeout) otherwise. The answer's body is never read.
 */
export function postOutbound(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowlist?: Allowlist },
): Promise<OutboundAnswer> {
  const allow = options.allowlist ?? outboundAllowlist();
  const refused = urlRefusal(url, allow);
  if (refused) return Promise.reject(new OutboundRefused(refused));
  const target = new URL(url);
  // A host named in the allowlist may resolve to anything; every other host only to allowed addresses.
  const lookup = hostAllowlisted(target, allow) && !isIP(normalHost(target.hostname)) ? undefined : guardedLookup(allow);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup,
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        resolve({ status: response.statusCode ?? 0 });
        response.destroy();
      },
    );
    request.on("error", (error: Error) => {
      if (error.name === "AbortError" || error.name === "TimeoutError") reject(new Error(`no answer within ${Math.round(options.timeoutMs / 1000)} s`));
      else reject(error);
    });
    request.end(body);
  });
}
