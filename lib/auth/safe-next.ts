const BASE = "http://callscope.invalid";

/**
 * Where to go after signing in: a path on this site only, never another host.
 * It is percent-encoded as a URL would be, so that it fits in a Location header.
 */
export function safeNextPath(value: string | string[] | undefined | null): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\x00-\x1f\x7f]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
