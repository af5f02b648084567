// Cartesia's call batches: names, statuses and counts of the account's
// outbound campaigns (GET /agents/calls/batches, paged with starting_after
// until next_page is null), and each new or changed batch in full with its
// recipients (GET /agents/calls/batches/{id}). A batch that calls name but
// the list does not carry (another agent's, or an older one) is fetched on
// its own. Idempotent: an unchanged batch is neither fetched again nor
// rewritten.
import type { Pool } from "pg";
import { type CallBatch, callBatchSchema } from "@/lib/cartesia/call-batch";
import { extraFields } from "@/lib/cartesia/extra-fields";
import type { CartesiaClient } from "@/lib/cartesia/api-client";

const COLUMNS = new Set([
  "id",
  "name",
  "agent_id",
  "status",
  "total_calls_scheduled",
  "total_calls_dispatched",
  "total_calls_finished",
  "created_at",
  "last_updated_at",
  "scheduled_at",
]);

function validTime(value: string | null | undefined): string | null {
  return value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;
}

/** Stores batches as Cartesia describes them; returns how many changed. */
export async function storeBatches(pool: Pool, batches: CallBatch[]): Promise<number> {
  if (!batches.length) return 0;
  const rows = batches.map((b) => ({
    id: b.id,
    name: b.name ?? null,
    agent_id: b.agent_id ?? null,
    status: b.status ?? null,
    total_calls_scheduled: b.total_calls_scheduled ?? null,
    total_calls_dispatched: b.total_calls_dispatched ?? null,
    total_calls_finished: b.total_calls_finished ?? null,
    created_at: validTime(b.created_at),
    last_updated_at: validTime(b.last_updated_at),
    scheduled_at: validTime(b.scheduled_at),
    extra: extraFields(b, COLUMNS),
  }));
  // The list carries no recipients: a batch already stored with them keeps them until the batch itself is fetched.
  const result = await pool.query(
    `insert into call_batches as b (id, name, agent_id, status, total_calls_scheduled, total_calls_dispatched, total_calls_finished,
       created_at, last_updated_at, scheduled_at, extra)
     select r.id, r.name, r.agent_id, r.status, r.total_calls_scheduled, r.total_calls_dispatched, r.total_calls_finished,
       r.created_at, r.last_updated_at, r.scheduled_at, r.extra
     from jsonb_to_recordset($1::jsonb) as r(id text, name text, agent_id text, status text, total_calls_scheduled int,
       total_calls_dispatched int, total_calls_finished int, created_at timestamptz, last_updated_at timestamptz, scheduled_at timestamptz, extra jsonb)
     on conflict (id) do update set name = excluded.name, agent_id = excluded.agent_id, status = excluded.status,
       total_calls_scheduled = excluded.total_calls_scheduled, total_calls_dispatched = excluded.total_calls_dispatched,
       total_calls_finished = excluded.total_calls_finished, created_at = excluded.created_at, last_updated_at = excluded.last_updated_at,
       scheduled_at = excluded.scheduled_at,
       extra = case when excluded.extra ? 'recipients' or not coalesce(b.extra ? 'recipients', false) then excluded.extra
                    else coalesce(excluded.extra, '{}'::jsonb) || jsonb_build_object('recipients', b.extra->'recipients') end,
       synced_at = now()
     where (b.name, b.agent_id, b.status, b.total_calls_scheduled, b.total_calls_dispatched, b.total_calls_finished, b.created_at,
            b.last_updated_at, b.scheduled_at) is distinct from
           (excluded.name, excluded.agent_id, excluded.status, excluded.total_calls_scheduled, excluded.total_calls_dispatched,
            excluded.total_calls_finished, excluded.created_at, excluded.last_updated_at, excluded.scheduled_at)
        or (excluded.extra ? 'recipients' and b.extra->'recipients' is distinct from excluded.extra->'recipients')`,
    [JSON.stringify(rows)],
  );
  return result.rowCount ?? 0;
}

/**
 * Pages the batches (of these agents, or of the account), stores them, and
 * fetches in full each batch that is new or changed since the last sync, and
 * each batch that calls name but no page listed.
 */
export async function syncBatches(deps: { pool: Pool; client: CartesiaClient }, agentIds: string[] | null, named: string[] = []): Promise<number> {
  let changed = 0;
  const listed = new Set<string>();
  for (const agentId of agentIds ?? [undefined]) {
    for (let cursor: string | null | undefined = undefined; ;) {
      const page = await deps.client.listBatches({ agentId, startingAfter: cursor });
      const batches = page.data.flatMap((raw) => {
        const parsed = callBatchSchema.safeParse(raw);
        return parsed.success ? [parsed.data] : [];
      });
      const known = await stored(
        deps.pool,
        batches.map((b) => b.id),
      );
      const fresh = batches.filter((b) => {
        const was = known.get(b.id);
        return !was || was.last_updated_at !== validTime(b.last_updated_at) || was.status !== (b.status ?? null);
      });
      for (const b of batches) listed.add(b.id);
      // A new or changed batch is fetched whole (with its recipients) before it is stored: if that fails, the next sync tries again.
      const full: CallBatch[] = [];
      for (const b of fresh) {
        const one = await deps.client.getBatch(b.id);
        const parsed = one ? callBatchSchema.safeParse(one) : null;
        full.push(parsed?.success ? parsed.data : b);
      }
      const freshIds = new Set(fresh.map((b) => b.id));
      changed += await storeBatches(deps.pool, [...batches.filter((b) => !freshIds.has(b.id)), ...full]);
      if (!page.next_page || !page.data.length) break;
      cursor = page.next_page;
    }
  }
  const missing = [...new Set(named)].filter((id) => !listed.has(id));
  const have = await stored(deps.pool, missing);
  for (const id of missing.filter((m) => !have.has(m))) {
    const full = await deps.client.getBatch(id);
    const parsed = full ? callBatchSchema.safeParse(full) : null;
    if (parsed?.success) changed += await storeBatches(deps.pool, [parsed.data]);
  }
  return changed;
}

async function stored(pool: Pool, ids: string[]) {
  if (!ids.length) return new Map<string, { last_updated_at: string | null; status: string | null }>();
  const { rows } = await pool.query<{ id: string; last_updated_at: Date | null; status: string | null }>(
    "select id, last_updated_at, status from call_batches where id = any($1::text[])",
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { last_updated_at: r.last_updated_at ? r.last_updated_at.toISOString() : null, status: r.status }]));
}
