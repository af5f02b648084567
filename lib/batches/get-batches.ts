// Cartesia's call batches as synced (call_batches), with what Callscope holds
// of their calls: counted by status and by end reason. A batch that calls
// name but the sync has not described yet is listed by its calls alone.
import type { Pool } from "pg";
import { batchOutcomes, type Outcome } from "@/lib/calls/batch-outcomes";

export type BatchView = {
  id: string;
  name: string | null;
  agentId: string | null;
  status: string | null;
  totalCallsScheduled: number | null;
  totalCallsDispatched: number | null;
  totalCallsFinished: number | null;
  createdAt: string | null;
  lastUpdatedAt: string | null;
  scheduledAt: string | null;
  syncedAt: string | null;
  /** calls of the batch that Callscope holds */
  calls: number;
  extra: Record<string, unknown> | null;
};

export type BatchDetail = BatchView & { byStatus: Outcome[]; byEndReason: Outcome[] };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type Row = {
  id: string;
  name: string | null;
  agent_id: string | null;
  status: string | null;
  total_calls_scheduled: number | null;
  total_calls_dispatched: number | null;
  total_calls_finished: number | null;
  created_at: Date | null;
  last_updated_at: Date | null;
  scheduled_at: Date | null;
  synced_at: Date | null;
  extra: Record<string, unknown> | null;
  calls: number;
};

function view(r: Row): BatchView {
  return {
    id: r.id,
    name: r.name,
    agentId: r.agent_id,
    status: r.status,
    totalCallsScheduled: r.total_calls_scheduled,
    totalCallsDispatched: r.total_calls_dispatched,
    totalCallsFinished: r.total_calls_finished,
    createdAt: iso(r.created_at),
    lastUpdatedAt: iso(r.last_updated_at),
    scheduledAt: iso(r.scheduled_at),
    syncedAt: iso(r.synced_at),
    calls: r.calls,
    extra: r.extra,
  };
}

/** Batches newest first (by Cartesia's created_at, else by their first call), optionally one agent's. */
export async function listBatches(pool: Pool, options: { agentId?: string; limit?: number } = {}): Promise<BatchView[]> {
  const limit = Math.min(500, Math.max(1, options.limit ?? 100));
  const { rows } = await pool.query<Row>(
    `with seen as (
       select extra->>'batch_id' as id, min(agent_id) as agent_id, min(start_time) as first_call, count(*)::int as calls
       from calls where extra ? 'batch_id' group by 1)
     select coalesce(b.id, s.id) as id, b.name, coalesce(b.agent_id, s.agent_id) as agent_id, b.status, b.total_calls_scheduled,
       b.total_calls_dispatched, b.total_calls_finished, coalesce(b.created_at, s.first_call) as created_at, b.last_updated_at,
       b.scheduled_at, b.synced_at, b.extra - 'recipients' as extra, coalesce(s.calls, 0) as calls
     from call_batches b full join seen s on s.id = b.id
     where $1::text is null or coalesce(b.agent_id, s.agent_id) = $1
     order by 8 desc nulls last, 1 limit $2`,
    [options.agentId ?? null, limit],
  );
  return rows.map(view);
}

/** One batch with its recipients (as Cartesia sent them) and its calls' outcomes; null when neither Cartesia nor any call names it. */
export async function getBatch(pool: Pool, id: string): Promise<BatchDetail | null> {
  const [{ rows }, outcomes] = await Promise.all([
    pool.query<Row>(`select b.*, (select count(*)::int from calls where extra->>'batch_id' = b.id) as calls from call_batches b where b.id = $1`, [id]),
    batchOutcomes(pool, id),
  ]);
  if (!rows.length && !outcomes.total) return null;
  const base: BatchView = rows.length
    ? view(rows[0])
    : {
        id,
        name: null,
        agentId: null,
        status: null,
        totalCallsScheduled: null,
        totalCallsDispatched: null,
        totalCallsFinished: null,
        createdAt: null,
        lastUpdatedAt: null,
        scheduledAt: null,
        syncedAt: null,
        calls: outcomes.total,
        extra: null,
      };
  return { ...base, byStatus: outcomes.byStatus, byEndReason: outcomes.byEndReason };
}
