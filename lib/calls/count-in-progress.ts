// How many calls are in progress now: created, started or active, and
// changed in the last hour (a call whose end never arrived does not stay
// "live" for ever; a call in progress changes with every turn).
import type { Pool } from "pg";

export const IN_PROGRESS = ["created", "started", "active"] as const;

export async function countCallsInProgress(db: Pool): Promise<number> {
  const { rows } = await db.query("select count(*)::int as n from calls where status = any($1::text[]) and updated_at > now() - interval '1 hour'", [
    IN_PROGRESS,
  ]);
  return rows[0].n;
}
