// Keyset cursors: the sort value and id of the last row of a page, opaque to
// clients. A cursor is checked against the kind of value its list sorts by,
// so a crafted one is refused with 400 instead of reaching the database.

export type Cursor = { v: string | number | null; id: string };

/** What a list sorts by: a time, a number, or (the delivery log) a time with a numeric id. */
export type CursorKind = "time" | "number" | "time-serial";

const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/** A time Postgres and JavaScript both take: years 1 to 9999. */
export function inStoredRange(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

function validValue(v: unknown, kind: CursorKind): boolean {
  if (v === null) return kind === "number";
  if (kind === "number") return (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && NUMBER.test(v) && Number.isFinite(Number(v)));
  return typeof v === "string" && v.length <= 64 && inStoredRange(new Date(v.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")));
}

function validId(id: unknown, kind: CursorKind): id is string {
  if (typeof id !== "string" || !id || id.length > 256 || id.includes("\0")) return false;
  return kind !== "time-serial" || /^\d{1,18}$/.test(id);
}

/** The cursor, or null when it is not one such a list gives out. */
export function decodeCursor(value: string | undefined, kind: CursorKind): Cursor | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && validId(parsed.id, kind) && validValue(parsed.v, kind)) return { v: parsed.v, id: parsed.id };
  } catch {
    // fall through
  }
  return null;
}
