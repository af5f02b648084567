const BASE = "http://callscope.invalid";
const OTHER = "https://other.invalid";

/** A path that, resolved against any page of any site, stays on that site. */
function staysOnSite(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return false;
  try {
    return new URL(path, BASE).origin === BASE && new URL(path, `${OTHER}/a/b`).origin === OTHER;
  } catch {
    return false;
  }
}

/**
 * Where to go after signing in: a path on this site only, never another host.
 * The check is made on the path as a browser normalises it (dot segments,
 * backslashes, percent-encoded dots), and again on the result, so that
 * `/.//evil.example` cannot become `//evil.example`. It is percent-encoded
 * as a URL would be, so that it fits in a Location header.
 */
export function safeNextPath(value: string | string[] | undefined | null): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next || next.length > 2000 || /[\x00-\x1f\x7f\s]/.test(next) || !staysOnSite(next)) return "/";
  const url = new URL(next, BASE);
  const path = `${url.pathname}${url.search}${url.hash}`;
  return staysOnSite(path) ? path : "/";
}
