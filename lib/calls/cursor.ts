// Keyset cursors: the sort value and id of the last row of a page, opaque to clients.

export type Cursor = { v: string | number | null; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(value: string | undefined): Cursor | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (parsed && typeof parsed.id === "string" && ["string", "number"].includes(typeof parsed.v)) return parsed;
    if (parsed && typeof parsed.id === "string" && parsed.v === null) return parsed;
  } catch {
    // fall through
  }
  return null;
}
