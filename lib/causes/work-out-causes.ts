// Works out the causes of queued calls, a batch at a time: the calls' stored
// errors, tool calls and conversation figures are read, each call's causes
// replace the ones it had, and the causes' counts, times and states follow.
// The queue (cause_queue, filled by triggers) is drained with SKIP LOCKED, so
// instances share the work; a call changed meanwhile is queued again.
import type { Pool, PoolClient } from "pg";
import { withTransaction } from "@/lib/db/transaction";
import { type CauseSettings, callCauses, type Occurrence } from "./call-causes";

const FINISHED = ["completed", "failed", "cancelled"];
const ERROR_LEVELS = ["error", "critical", "fatal", "exception"];

type Seen = Occurrence & { callId: string; seenAt: Date; agentId: string | null; deploymentId: string | null };

/** The rows as one array per field, in the order given: the parameters of an `unnest($1::text[], $2::…[], …)`. */
const columns = <T>(rows: T[], fields: (keyof T)[]) => fields.map((field) => rows.map((row) => row[field]));

/** Works out up to `limit` queued calls; returns how many were taken from the queue. */
export async function workOutCauses(pool: Pool, settings: CauseSettings, limit = 500): Promise<number> {
  return withTransaction(pool, async (client) => {
    const { rows: queued } = await client.query(
      `delete from cause_queue where call_id in (select call_id from cause_queue order by queued_at limit $1 for update skip locked) returning call_id`,
      [limit],
    );
    if (!queued.length) return 0;
    const ids = queued.map((r) => r.call_id as string);
    const { rows: calls } = await client.query(
      `select id, status, error_message, end_reason, agent_id, deployment_id, sort_time from calls
       where id = any($1::text[]) and status = any($2::text[]) and content_deleted_at is null`,
      [ids, FINISHED],
    );
    // Calls still in progress, gone or emptied keep the causes they have (none, or those seen before their content went).
    const callIds = calls.map((c) => c.id as string);
    if (!callIds.length) return ids.length;
    const [events, tools, conversations] = await Promise.all([
      client.query(
        `select id, call_id, kind, name, level, message, metadata, value, offset_s from call_events
         where call_id = any($1::text[]) and (kind in ('error', 'transfer') or lower(level) = any($2::text[])) order by id`,
        [callIds, ERROR_LEVELS],
      ),
      client.query("select id, call_id, name, result, state, offset_s from tool_calls where call_id = any($1::text[]) order by id", [callIds]),
      client.query("select call_id, dead_air from call_conversations where call_id = any($1::text[])", [callIds]),
    ]);
    const byCall = <T extends { call_id: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const r of rows) map.set(r.call_id, [...(map.get(r.call_id) ?? []), r]);
      return map;
    };
    const eventsOf = byCall(events.rows);
    const toolsOf = byCall(tools.rows);
    const conversationOf = new Map(conversations.rows.map((r) => [r.call_id as string, r.dead_air as { start: number; end: number }[]]));

    const seen: Seen[] = [];
    for (const c of calls) {
      const occurrences = callCauses(
        { status: c.status, errorMessage: c.error_message, endReason: c.end_reason },
        (eventsOf.get(c.id) ?? []).map((e) => ({
          id: e.id,
          kind: e.kind,
          name: e.name,
          level: e.level,
          message: e.message,
          metadata: e.metadata,
          value: e.value,
          offsetS: e.offset_s,
        })),
        (toolsOf.get(c.id) ?? []).map((t) => ({ id: t.id, name: t.name, result: t.result, state: t.state, offsetS: t.offset_s })),
        conversationOf.has(c.id) ? { deadAir: conversationOf.get(c.id) ?? [] } : null,
        settings,
      );
      for (const o of occurrences) seen.push({ ...o, callId: c.id, seenAt: c.sort_time, agentId: c.agent_id, deploymentId: c.deployment_id });
    }
    await store(client, callIds, seen);
    return ids.length;
  });
}

async function store(client: PoolClient, callIds: string[], seen: Seen[]) {
  const { rows: removed } = await client.query("delete from call_causes where call_id = any($1::text[]) returning cause_id, call_id", [callIds]);
  const before = new Set(removed.map((r) => `${r.cause_id}\u0000${r.call_id}`));

  // Each cause once, described by its earliest occurrence here.
  const causes = new Map<string, Seen>();
  for (const s of [...seen].sort((a, b) => a.seenAt.getTime() - b.seenAt.getTime())) if (!causes.has(s.causeId)) causes.set(s.causeId, s);
  const list = [...causes.values()];
  const { rows: created } = await client.query(
    `insert into causes (id, kind, tool, title, first_seen_at, last_seen_at, first_deployment_id, call_count)
     select * , 0 from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $5::timestamptz[], $6::text[])
     on conflict (id) do nothing returning id`,
    columns(list, ["causeId", "kind", "tool", "title", "seenAt", "deploymentId"]),
  );
  if (created.length) {
    await client.query(
      `insert into cause_state_changes (cause_id, from_state, to_state, actor, deployment_id)
       select c.id, null, 'new', 'system', c.first_deployment_id from causes c where c.id = any($1::text[])`,
      [created.map((r) => r.id)],
    );
  }
  if (seen.length) {
    await client.query(
      `insert into call_causes (cause_id, call_id, seen_at, agent_id, deployment_id, event_id, tool_call_id, offset_s)
       select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::float8[])`,
      columns(seen, ["causeId", "callId", "seenAt", "agentId", "deploymentId", "eventId", "toolCallId", "offsetS"]),
    );
  }

  // Counts move by what was added and what went; times widen to the new calls'.
  const delta = new Map<string, number>();
  for (const r of removed) delta.set(r.cause_id, (delta.get(r.cause_id) ?? 0) - 1);
  for (const s of seen) delta.set(s.causeId, (delta.get(s.causeId) ?? 0) + 1);
  const touched = [...delta.keys()];
  if (!touched.length) return;
  const latest = new Map<string, Seen>();
  for (const s of seen) if (!latest.has(s.causeId) || latest.get(s.causeId)!.seenAt < s.seenAt) latest.set(s.causeId, s);
  await client.query(
    `update causes c set call_count = greatest(0, c.call_count + d.delta),
       first_seen_at = least(c.first_seen_at, coalesce(d.first, c.first_seen_at)),
       last_seen_at = greatest(c.last_seen_at, coalesce(d.last, c.last_seen_at))
     from unnest($1::text[], $2::int[], $3::timestamptz[], $4::timestamptz[]) d(id, delta, first, last)
     where c.id = d.id`,
    [touched, touched.map((id) => delta.get(id)), touched.map((id) => causes.get(id)?.seenAt ?? null), touched.map((id) => latest.get(id)?.seenAt ?? null)],
  );

  // A resolved cause seen again in a call newer than its resolution regresses, unless it was resolved in a
  // deployment and this call ran on an older one.
  const fresh = seen.filter((s) => !before.has(`${s.causeId}\u0000${s.callId}`));
  if (fresh.length) {
    await client.query(
      `with occurrences as (
         select * from unnest($1::text[], $2::timestamptz[], $3::text[]) o(cause_id, seen_at, deployment_id)
       ),
       regressed as (
         select distinct on (c.id) c.id, c.state, o.deployment_id
         from causes c join occurrences o on o.cause_id = c.id
         where c.state = 'resolved' and o.seen_at > c.resolved_at
           and (c.resolved_in_deployment_id is null
                or o.deployment_id is null
                or coalesce((select d.created_at from deployments d where d.id = o.deployment_id), 'infinity')
                   >= coalesce((select d.created_at from deployments d where d.id = c.resolved_in_deployment_id), '-infinity'))
         order by c.id, o.seen_at
       ),
       changed as (
         update causes c set state = 'regressed', state_changed_at = now() from regressed r where c.id = r.id returning c.id
       )
       insert into cause_state_changes (cause_id, from_state, to_state, actor, deployment_id, note)
       select r.id, 'resolved', 'regressed', 'system', r.deployment_id, 'seen again after it was resolved' from regressed r`,
      columns(fresh, ["causeId", "seenAt", "deploymentId"]),
    );
  }
  // An ignored cause whose count reached its limit is ongoing again.
  await client.query(
    `with ended as (
       update causes set state = 'ongoing', state_changed_at = now(), ignored_until = null, ignored_until_count = null
       where id = any($1::text[]) and state = 'ignored' and ignored_until_count is not null and call_count >= ignored_until_count
       returning id
     )
     insert into cause_state_changes (cause_id, from_state, to_state, actor, note)
     select id, 'ignored', 'ongoing', 'system', 'its ignore count was reached' from ended`,
    [touched],
  );
}

/** States that move with time: new becomes ongoing after `newDays`; an ignore that has a date ends on it. */
export async function ageCauses(pool: Pool, newDays: number): Promise<void> {
  await pool.query(
    `with aged as (
       update causes set state = 'ongoing', state_changed_at = now()
       where state = 'new' and first_seen_at < now() - $1::int * interval '1 day'
       returning id
     )
     insert into cause_state_changes (cause_id, from_state, to_state, actor, note)
     select id, 'new', 'ongoing', 'system', 'first seen over ' || $1::int || ' days ago' from aged`,
    [newDays],
  );
  await pool.query(
    `with ended as (
       update causes set state = 'ongoing', state_changed_at = now(), ignored_until = null, ignored_until_count = null
       where state = 'ignored' and ignored_until is not null and ignored_until <= now()
       returning id
     )
     insert into cause_state_changes (cause_id, from_state, to_state, actor, note)
     select id, 'ignored', 'ongoing', 'system', 'its ignore period ended' from ended`,
  );
}
