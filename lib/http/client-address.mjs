// The client's address for rate limits. Plain JavaScript because the HTTP
// server (scripts/next-server.mjs) runs it before Next.js sees the request.
import net from "node:net";

/** The header the server sets on every request; anything a client sent in it is overwritten. */
export const CLIENT_ADDRESS_HEADER = "x-callscope-client-address";

/**
 * The key a client is limited by: an IPv4 address as it is, an IPv6 address
 * by its /64 (one host usually holds a whole /64, so per-address limits
 * would give it 2^64 tries), an IPv4-mapped IPv6 address as IPv4.
 */
export function limitKey(address) {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1];
  if (net.isIPv6(bare)) {
    const [head, tail = ""] = bare.toLowerCase().split("::");
    const left = head ? head.split(":") : [];
    const right = tail ? tail.split(":") : [];
    const groups = bare.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
    return `${groups
      .slice(0, 4)
      .map((g) => Number.parseInt(g, 16).toString(16))
      .join(":")}::/64`;
  }
  return bare;
}

/**
 * With no trusted proxies the socket's address is the client. Behind N trusted
 * proxies the nearest one appended what it saw to X-Forwarded-For, so the
 * client is the Nth entry from the right; entries further left are whatever the
 * client wrote and are never believed.
 */
export function clientAddress(socketAddress, forwardedFor, trustedProxies) {
  const peer = socketAddress ?? "unknown";
  if (!trustedProxies) return limitKey(peer);
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const chain = [
    ...header
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    peer,
  ];
  return limitKey(chain[Math.max(0, chain.length - 1 - trustedProxies)]);
}

const FORWARDED_SEEN = Symbol.for("callscope.forwardedHeadersSeenAt");

/** Requests arrive with proxy headers while CALLSCOPE_TRUSTED_PROXIES is 0: every client then shares the proxy's address. */
export function noteForwardedHeaders(headers, trustedProxies) {
  if (trustedProxies || globalThis[FORWARDED_SEEN]) return false;
  if (!headers["x-forwarded-for"] && !headers["forwarded"] && !headers["x-real-ip"]) return false;
  globalThis[FORWARDED_SEEN] = new Date().toISOString();
  return true;
}

/** When proxy headers were first seen with no trusted proxies configured, or null. */
export function forwardedHeadersSeenAt() {
  return globalThis[FORWARDED_SEEN] ?? null;
}

export const PROXY_WARNING =
  "Requests carry X-Forwarded-For while CALLSCOPE_TRUSTED_PROXIES is 0: Callscope is behind a proxy it does not trust, " +
  "so every client shares the proxy's address and one client's failed logins lock out all of them. " +
  "Set CALLSCOPE_TRUSTED_PROXIES to the number of proxies in front of Callscope.";
