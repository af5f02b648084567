// Which addresses requests to admin-typed URLs (monitor webhooks, Slack) may
// reach: public unicast addresses only, unless OUTBOUND_ALLOWLIST names the
// host, or an address or CIDR range that the address is in. Addresses that
// carry an IPv4 address inside an IPv6 one (IPv4-mapped ::ffff:a.b.c.d,
// NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address.
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export type Allowlist = { hosts: ReadonlySet<string>; ranges: readonly [Address, number][] };

export const EMPTY_ALLOWLIST: Allowlist = { hosts: new Set(), ranges: [] };

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

const DESCRIBE: Record<string, string> = {
  unspecified: "an unspecified",
  broadcast: "a broadcast",
  multicast: "a multicast",
  linkLocal: "a link-local",
  loopback: "a loopback",
  carrierGradeNat: "a shared (carrier-grade NAT)",
  private: "a private",
  reserved: "a reserved",
  uniqueLocal: "a unique-local",
  deprecatedSiteLocal: "a site-local",
  teredo: "a Teredo",
  discard: "a discard",
};

/** A host name as compared: lower case, without a trailing dot or IPv6 brackets. */
export const normalHost = (host: string) =>
  host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");

/** The allowlist from its comma-separated entries (already split); throws naming the first entry that is none of a host, an address or a CIDR. */
export function parseAllowlist(entries: readonly string[]): Allowlist {
  const hosts = new Set<string>();
  const ranges: [Address, number][] = [];
  for (const raw of entries) {
    const entry = normalHost(raw.trim());
    if (!entry) continue;
    if (/^[0-9a-f:.]+\/\d+$/.test(entry)) {
      try {
        ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        throw new Error(`"${raw}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`);
      }
    } else if (ipaddr.isValid(entry) && /^[0-9a-f:.]+$/.test(entry) && (entry.includes(":") || ipaddr.IPv4.isValidFourPartDecimal(entry))) {
      const address = ipaddr.parse(entry);
      ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else if (HOSTNAME.test(entry) && !/^[0-9.]+$/.test(entry)) hosts.add(entry);
    else throw new Error(`"${raw}" is not a host name, an IP address or a CIDR range`);
  }
  return { hosts, ranges };
}

/** The IPv4 address an IPv6 one carries, for the forms that carry one. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  if (range === "ipv4Mapped") return address.toIPv4Address();
  const p = address.parts;
  const v4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 255, low >> 8, low & 255]);
  if (range === "rfc6052") return v4(p[6], p[7]);
  if (range === "6to4") return v4(p[1], p[2]);
  return null;
}

function inRanges(address: Address, ranges: Allowlist["ranges"]): boolean {
  return ranges.some(([base, bits]) => base.kind() === address.kind() && address.match(base, bits));
}

/** What kind of address this is when the policy refuses it ("a loopback address"), or null when it may be reached. */
export function refusedKind(address: string, allow: Allowlist): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  const parsed = ipaddr.parse(address);
  const inner = parsed.kind() === "ipv6" ? embeddedIpv4(parsed as ipaddr.IPv6) : null;
  if (inRanges(parsed, allow.ranges) || (inner && inRanges(inner, allow.ranges))) return null;
  const range = (inner ?? parsed).range();
  if (range === "unicast") return null;
  return `${DESCRIBE[range] ?? `a ${range}`} address${inner ? ` (${inner.toString()})` : ""}`;
}

/**
 * Why a connection to `address` (as DNS answered or the URL wrote it) is refused, or null when it may go
 * ahead. A host named in the allowlist is not asked about: check that before.
 */
export function addressRefusal(address: string, allow: Allowlist): string | null {
  const kind = refusedKind(address, allow);
  return kind && `${address} is ${kind}; add it to OUTBOUND_ALLOWLIST to allow it`;
}

/** Whether the allowlist names this URL's host, by name, or as an address in one of its ranges. */
export function hostAllowlisted(url: URL, allow: Allowlist): boolean {
  const host = normalHost(url.hostname);
  if (allow.hosts.has(host)) return true;
  return ipaddr.isValid(host) && /^[0-9a-f:.]+$/.test(host) ? inRanges(ipaddr.parse(host), allow.ranges) : false;
}
