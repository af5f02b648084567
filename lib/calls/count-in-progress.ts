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

/** Whether a call's page follows the live stream: in progress, or ended in the last 15 minutes (its recording and figures come after). */
export function followsLive(call: { status: string; endTime: Date | null }, now = Date.now()): { inProgress: boolean; follow: boolean } {
  const inProgress = call.status === "placeholder" || (IN_PROGRESS as readonly string[]).includes(call.status);
  return { inProgress, follow: inProgress || (call.endTime !== null && now - call.endTime.getTime() < 15 * 60_000) };
}
