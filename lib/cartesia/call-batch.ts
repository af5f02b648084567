// Cartesia's call batches (outbound campaigns), as GET /agents/calls/batches
// and GET /agents/calls/batches/{id} send them (Cartesia's API reference,
// "List Call Batches" and "Get Call Batch"): id, name, agent_id,
// from_number_id, region, target_concurrency_limit, status (pending |
// in_progress | completed | failed | cancelled), total_calls_scheduled,
// total_calls_dispatched, total_calls_finished, retry_count, created_at,
// last_updated_at, scheduled_at, admitted_at, and `recipients` on the single
// batch only. Unknown fields are kept.
import { z } from "zod";

const count = z.number().int().min(0).nullish();
const time = z.string().max(64).nullish();

export const callBatchSchema = z.looseObject({
  id: z.string().min(1).max(256),
  name: z.string().max(1000).nullish(),
  agent_id: z.string().max(256).nullish(),
  status: z.string().max(64).nullish(),
  total_calls_scheduled: count,
  total_calls_dispatched: count,
  total_calls_finished: count,
  created_at: time,
  last_updated_at: time,
  scheduled_at: time,
});

export type CallBatch = z.infer<typeof callBatchSchema>;

/**
 * A call's status in one vocabulary. Cartesia-Version 2026-08-14 says
 * `created | started | completed | failed`; earlier versions (and the SDK's
 * older types) say `active | completed | failed | cancelled`. `active` is the
 * older word for `started`; the rest are kept as sent.
 */
export function callStatus(status: string | null | undefined): string | null | undefined {
  return status === "active" ? "started" : status;
}
