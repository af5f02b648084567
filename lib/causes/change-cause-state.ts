// An admin's change of a cause's state: resolve (optionally "in deployment
// X": it regresses only when seen in X or a later deployment), ignore
// (optionally until a date or until N more calls), or reopen. Each change is
// kept in the cause's history; the caller records it in the audit log.
import { z } from "zod";
import type { Pool } from "pg";
import { withTransaction } from "@/lib/db/transaction";

export const causeChangeSchema = z
  .strictObject({
    state: z.enum(["resolved", "ignored", "ongoing"]).describe("resolved, ignored, or ongoing to reopen"),
    resolved_in_deployment_id: z.string().min(1).max(256).nullish().describe("with resolved: the deployment that fixes it"),
    ignore_until: z.iso.datetime({ offset: true }).nullish().describe("with ignored: until this time"),
    ignore_calls: z.number().int().min(1).max(1_000_000).nullish().describe("with ignored: until this many more calls have it"),
    note: z.string().trim().max(500).nullish(),
  })
  .refine((c) => c.state === "resolved" || !c.resolved_in_deployment_id, {
    message: "resolved_in_deployment_id goes with state resolved",
    path: ["resolved_in_deployment_id"],
  })
  .refine((c) => c.state === "ignored" || (!c.ignore_until && !c.ignore_calls), {
    message: "ignore_until and ignore_calls go with state ignored",
    path: ["state"],
  });
export type CauseChange = z.output<typeof causeChangeSchema>;

export type ChangeOutcome = { changed: true; from: string; to: string } | { changed: false; reason: "not_found" | "unknown_deployment" };

export async function changeCauseState(pool: Pool, id: string, change: CauseChange, actor: string): Promise<ChangeOutcome> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query("select state, call_count from causes where id = $1 for update", [id]);
    if (!rows.length) return { changed: false, reason: "not_found" };
    const deployment = change.resolved_in_deployment_id ?? null;
    if (deployment && !(await client.query("select 1 from deployments where id = $1", [deployment])).rowCount)
      return { changed: false, reason: "unknown_deployment" };
    const from = rows[0].state as string;
    await client.query(
      `update causes set state = $2, state_changed_at = now(),
         resolved_at = case when $2 = 'resolved' then now() else null end,
         resolved_in_deployment_id = $3,
         ignored_until = $4, ignored_until_count = $5
       where id = $1`,
      [id, change.state, deployment, change.ignore_until ?? null, change.ignore_calls ? rows[0].call_count + change.ignore_calls : null],
    );
    await client.query("insert into cause_state_changes (cause_id, from_state, to_state, actor, deployment_id, note) values ($1, $2, $3, $4, $5, $6)", [
      id,
      from,
      change.state,
      actor,
      deployment,
      change.note ?? null,
    ]);
    return { changed: true, from, to: change.state };
  });
}
