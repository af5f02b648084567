// The limits every telemetry request is held to, from the environment: the
// body's size, the number of items, and the length of each string. A body or
// item count over its limit refuses the whole request; a string over its
// limit is cut and marked, and the answer says how many were.
import { env } from "@/lib/env";
import type { BodyLimit } from "@/lib/http/read-body";
import type { Issue } from "@/lib/http/validation";

export type TelemetryLimits = { body: BodyLimit; items: number; stringBytes: number };

export function telemetryLimits(): TelemetryLimits {
  const e = env();
  return {
    body: { bytes: e.TELEMETRY_MAX_BODY_BYTES, name: "TELEMETRY_MAX_BODY_BYTES" },
    items: e.TELEMETRY_MAX_ITEMS,
    stringBytes: e.TELEMETRY_MAX_STRING_BYTES,
  };
}

/** Thrown by a reader once a request carries more items than TELEMETRY_MAX_ITEMS. */
export class TooManyItemsError extends Error {
  constructor(readonly limit: number) {
    super(`more than TELEMETRY_MAX_ITEMS (${limit}) items`);
  }
}

export const truncationMark = (bytes: number) => `…[truncated ${bytes} bytes]`;

/** `text` cut to at most `max` UTF-8 bytes (at a character boundary) and marked with how many bytes were cut; unchanged when it fits. */
export function cutString(text: string, max: number): string {
  // A string of n UTF-16 units holds at most 3n UTF-8 bytes: most strings need no count.
  if (text.length * 3 <= max) return text;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes <= max) return text;
  const encoded = Buffer.from(text, "utf8");
  let end = max;
  // Back off to the start of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && (encoded[end] & 0xc0) === 0x80) end--;
  return encoded.toString("utf8", 0, end) + truncationMark(bytes - end);
}

/** Counts what cutting did over a request, and roughly how many bytes its values hold (for batching). */
export type CutStats = { truncated: number; size: number };

/** A JSON value with every string (and key) longer than `max` bytes cut; `stats.truncated` counts them. */
export function capStrings(value: unknown, max: number, stats: CutStats): unknown {
  if (typeof value === "string") {
    const cut = cutString(value, max);
    if (cut !== value) stats.truncated++;
    stats.size += cut.length;
    return cut;
  }
  if (Array.isArray(value)) return value.map((v) => capStrings(v, max, stats));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[capStrings(key, max, stats) as string] = capStrings(v, max, stats);
    return out;
  }
  stats.size += 8;
  return value;
}

export const MAX_LISTED_PROBLEMS = 20;

/** The failures of a request: the first 20 in full, and how many there were. */
export class Problems {
  readonly listed: { index: number; errors: Issue[] }[] = [];
  count = 0;

  add(index: number, errors: Issue[]) {
    this.count++;
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push({ index, errors: errors.slice(0, MAX_LISTED_PROBLEMS) });
  }

  json() {
    return { failed: this.listed, failed_count: this.count };
  }
}
