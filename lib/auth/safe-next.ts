/** Where to go after signing in: a path on this site only, never another host. */
export function safeNextPath(value: string | string[] | undefined | null): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\x00-\x1f]/.test(next)) return "/";
  return next;
}
