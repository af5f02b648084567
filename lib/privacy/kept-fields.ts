// The fields that identify, place and route things (ids, times, durations,
// event names, statuses, levels, roles): redacting inside them would break
// what reads them, so a value is kept as sent when it has the shape such a
// field's values have: an id, a time, a number, a short enum-like word.
// Anything else in them (`user_id: "jane@example.com"`, `caller_id:
// "+16502530000"`) is redacted as any other value.

export type FieldShape = "id" | "time" | "number" | "word" | "version";

const WORD_KEYS = new Set(["type", "event", "kind", "name", "status", "role", "level", "end_reason", "source"]);

export function fieldShape(key: string): FieldShape | null {
  if (WORD_KEYS.has(key)) return "word";
  if (key === "version") return "version";
  if (key === "timestamp" || /(?:^|_)(?:at|time)$/.test(key)) return "time";
  if (/(?:^|_)(?:ms|s)$/.test(key)) return "number";
  if (/(?:^|_)ids?$/.test(key)) return "id";
  return null;
}

/** Letters, digits and `_ . : / = -`, with at least one letter: "MZ1f…", "agent_12", "call_4111…", a UUID. Not "+1650…", not an address. */
const ID = /^(?=[^]*[A-Za-z])[A-Za-z0-9][\w.:/=-]*$/;
/** RFC 3339 and ISO 8601 dates and times. */
const TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const NUMBER = /^-?\d{1,16}(?:\.\d{1,9})?$/;
/** One word of an enum or a name of code: "call_completed", "warning", "get_weather". */
const WORD = /^[A-Za-z][\w.:/-]*$/;
const VERSION = /^v?\d{1,6}(?:\.\d{1,6}){0,3}(?:[-+][\w.-]{1,64})?$/;

/** Whether this field keeps this value as sent. */
export function keptAsSent(shape: FieldShape | null, value: string | number): boolean {
  if (shape === null) return false;
  if (typeof value === "number") return shape === "time" || shape === "number";
  if (value.length > 256) return false;
  switch (shape) {
    case "id":
      return ID.test(value);
    case "time":
      return TIME.test(value) || NUMBER.test(value);
    case "number":
      return NUMBER.test(value);
    case "word":
      return value.length <= 128 && WORD.test(value);
    case "version":
      return VERSION.test(value);
    default: {
      const exhaustive: never = shape;
      return exhaustive;
    }
  }
}
