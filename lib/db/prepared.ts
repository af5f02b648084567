// Named prepared statements for the hot reads: Postgres parses and plans a
// statement once per connection, then only binds and executes it. The name is
// a hash of the text, so each distinct query shape gets its own.
import { createHash } from "node:crypto";
import type { QueryConfig } from "pg";

const names = new Map<string, string>();

export function prepared(text: string, values: unknown[]): QueryConfig {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    if (names.size < 1000) names.set(text, name);
  }
  return { name, text, values };
}
