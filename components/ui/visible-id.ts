/**
 * An id as it can be read: ids arrive from outside (webhooks, telemetry), and
 * one made only of spaces or control characters would show as nothing and
 * leave its link without a name; it is shown JSON-escaped ("\u000b") instead.
 */
export function visibleId(id: string): string {
  return /[^\s\p{C}]/u.test(id) ? id : JSON.stringify(id);
}
