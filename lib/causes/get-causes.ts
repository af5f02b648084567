// Causes as the Problems page, the API, the CLI and the call and deployment
// pages read them: a list sorted by impact (calls affected in the range), and
// one cause with its sparkline, breakdown, examples and history. Counts over
// a range read call_causes alone (indexed by time and by cause).
import type { Pool } from "pg";
import { type CauseFilters, CAUSE_RANGES, OPEN_STATES } from "./cause-filters";

const DAY = 86_400_000;
export const SPARK_DAYS = 14;

export type CauseRow = {
  id: string;
  kind: string;
  tool: string | null;
  title: string;
  state: string;
  stateChangedAt: Date;
  firstSeenAt: Date;
  lastSeenAt: Date;
  firstDeploymentId: string | null;
  callCount: number;
  resolvedAt: Date | null;
  resolvedInDeploymentId: string | null;
  ignoredUntil: Date | null;
  ignoredUntilCount: number | null;
};
export type CauseSummary = CauseRow & {
  callsInRange: number;
  calls24h: number;
  calls7d: number;
  /** calls per UTC day, the last 14 days, oldest first */
  sparkline: number[];
  agents: { agentId: string; calls: number }[];
};

const COLUMNS = `c.id, c.kind, c.tool, c.title, c.state, c.state_changed_at, c.first_seen_at, c.last_seen_at, c.first_deployment_id,
  c.call_count, c.resolved_at, c.resolved_in_deployment_id, c.ignored_until, c.ignored_until_count`;

const causeRow = (r: Record<string, unknown>): CauseRow => ({
  id: r.id as string,
  kind: r.kind as string,
  tool: r.tool as string | null,
  title: r.title as string,
  state: r.state as string,
  stateChangedAt: r.state_changed_at as Date,
  firstSeenAt: r.first_seen_at as Date,
  lastSeenAt: r.last_seen_at as Date,
  firstDeploymentId: r.first_deployment_id as string | null,
  callCount: r.call_count as number,
  resolvedAt: r.resolved_at as Date | null,
  resolvedInDeploymentId: r.resolved_in_deployment_id as string | null,
  ignoredUntil: r.ignored_until as Date | null,
  ignoredUntilCount: r.ignored_until_count as number | null,
});

/** The 14 UTC days of a sparkline, ending today. */
function sparkDays(now: Date): Date[] {
  const today = Math.floor(now.getTime() / DAY) * DAY;
  return Array.from({ length: SPARK_DAYS }, (_, i) => new Date(today - (SPARK_DAYS - 1 - i) * DAY));
}

/** Counts, sparklines and top agents of some causes. */
async function figures(pool: Pool, ids: string[], now: Date) {
  const days = sparkDays(now);
  const [counts, agents] = await Promise.all([
    pool.query(
      `select cause_id, count(*) filter (where seen_at >= $2::timestamptz - interval '24 hours')::int as n24,
              count(*) filter (where seen_at >= $2::timestamptz - interval '7 days')::int as n7,
              array_agg(floor(extract(epoch from seen_at) * 1000 / ${DAY})::bigint) filter (where seen_at >= $3) as days
       from call_causes where cause_id = any($1::text[]) and seen_at >= least($2::timestamptz - interval '7 days', $3)
       group by cause_id`,
      [ids, now, days[0]],
    ),
    pool.query(
      `select cause_id, agent_id, count(*)::int as n from call_causes where cause_id = any($1::text[]) and agent_id is not null
       group by cause_id, agent_id order by n desc`,
      [ids],
    ),
  ]);
  const first = days[0].getTime() / DAY;
  const byId = new Map(
    counts.rows.map((r) => {
      const spark = new Array(SPARK_DAYS).fill(0);
      for (const d of (r.days as string[] | null) ?? []) {
        const i = Number(d) - first;
        if (i >= 0 && i < SPARK_DAYS) spark[i]++;
      }
      return [r.cause_id as string, { calls24h: r.n24 as number, calls7d: r.n7 as number, sparkline: spark }];
    }),
  );
  const agentsOf = new Map<string, { agentId: string; calls: number }[]>();
  for (const r of agents.rows) agentsOf.set(r.cause_id, [...(agentsOf.get(r.cause_id) ?? []), { agentId: r.agent_id, calls: r.n }]);
  return (id: string) => ({
    ...(byId.get(id) ?? { calls24h: 0, calls7d: 0, sparkline: new Array(SPARK_DAYS).fill(0) }),
    agents: (agentsOf.get(id) ?? []).slice(0, 5),
  });
}

/** Causes sorted by the calls they affected in the range (then the latest seen), with their figures. */
export async function listCauses(pool: Pool, filters: CauseFilters, now = new Date()): Promise<CauseSummary[]> {
  const params: unknown[] = [new Date(now.getTime() - CAUSE_RANGES[filters.range] * DAY)];
  const scope: string[] = [];
  if (filters.agent_id.length) {
    params.push(filters.agent_id);
    scope.push(`and cc.agent_id = any($${params.length}::text[])`);
  }
  if (filters.deployment_id.length) {
    params.push(filters.deployment_id);
    scope.push(`and cc.deployment_id = any($${params.length}::text[])`);
  }
  const where: string[] = [];
  params.push(filters.state.length ? filters.state : OPEN_STATES);
  where.push(`c.state = any($${params.length}::text[])`);
  if (filters.kind.length) {
    params.push(filters.kind);
    where.push(`c.kind = any($${params.length}::text[])`);
  }
  if (filters.q) {
    params.push(`%${filters.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`(c.title ilike $${params.length} or c.tool ilike $${params.length} or c.id = $${params.length + 1})`);
    params.push(filters.q);
  }
  params.push(filters.limit);
  const { rows } = await pool.query(
    `with ranged as (
       select cc.cause_id, count(*)::int as n from call_causes cc where cc.seen_at >= $1 ${scope.join(" ")} group by cc.cause_id
     )
     select ${COLUMNS}, r.n as calls_in_range
     from causes c join ranged r on r.cause_id = c.id
     where ${where.join(" and ")}
     order by r.n desc, c.last_seen_at desc, c.id
     limit $${params.length}`,
    params,
  );
  if (!rows.length) return [];
  const of = await figures(
    pool,
    rows.map((r) => r.id),
    now,
  );
  return rows.map((r) => ({ ...causeRow(r), callsInRange: r.calls_in_range as number, ...of(r.id) }));
}

export type CauseExample = {
  callId: string;
  seenAt: Date;
  agentId: string | null;
  deploymentId: string | null;
  offsetS: number | null;
  eventId: string | null;
  toolCallId: string | null;
  /** what the event or tool call said, as stored (redacted); null once the call's content is gone */
  detail: string | null;
  which: "first" | "latest" | "spread";
};
export type CauseDetail = CauseSummary & {
  deployments: { deploymentId: string; calls: number; deploymentCalls: number; share: number }[];
  versions: { versionId: string; calls: number }[];
  examples: CauseExample[];
  history: { at: Date; fromState: string | null; toState: string; actor: string; deploymentId: string | null; note: string | null }[];
};

export async function getCause(pool: Pool, id: string, now = new Date()): Promise<CauseDetail | null> {
  const { rows } = await pool.query(`select ${COLUMNS} from causes c where c.id = $1`, [id]);
  if (!rows.length) return null;
  const [of, deployments, versions, examples, history] = await Promise.all([
    figures(pool, [id], now),
    pool.query(
      `select cc.deployment_id, count(*)::int as n,
              (select count(*)::int from calls k where k.deployment_id = cc.deployment_id) as total
       from call_causes cc where cc.cause_id = $1 and cc.deployment_id is not null group by cc.deployment_id order by n desc limit 20`,
      [id],
    ),
    pool.query(
      `select k.extra->>'deployment_version_id' as version, count(*)::int as n
       from call_causes cc join calls k on k.id = cc.call_id
       where cc.cause_id = $1 and k.extra ? 'deployment_version_id' group by 1 order by n desc limit 20`,
      [id],
    ),
    // The first, the latest, and up to six spread evenly between them.
    pool.query(
      `with numbered as (
         select cc.*, row_number() over (order by cc.seen_at, cc.call_id) as i, count(*) over () as total from call_causes cc where cc.cause_id = $1
       )
       select n.call_id, n.seen_at, n.agent_id, n.deployment_id, n.offset_s, n.event_id::text, n.tool_call_id::text, n.i, n.total,
              coalesce(e.message, e.name, case when t.id is not null then coalesce(t.result #>> '{}', 'no result') end) as detail
       from numbered n
       left join call_events e on e.call_id = n.call_id and e.id = n.event_id
       left join tool_calls t on t.call_id = n.call_id and t.id = n.tool_call_id
       where n.i = 1 or n.i = n.total or (n.total > 2 and (n.i - 1) % greatest(1, (n.total / 7)) = 0)
       order by (n.i = 1 or n.i = n.total) desc, n.seen_at desc, n.call_id limit 8`,
      [id],
    ),
    pool.query("select at, from_state, to_state, actor, deployment_id, note from cause_state_changes where cause_id = $1 order by at desc, id desc limit 100", [
      id,
    ]),
  ]);
  return {
    ...causeRow(rows[0]),
    callsInRange: rows[0].call_count,
    ...of(id),
    deployments: deployments.rows.map((r) => ({ deploymentId: r.deployment_id, calls: r.n, deploymentCalls: r.total, share: r.total ? r.n / r.total : 0 })),
    versions: versions.rows.map((r) => ({ versionId: r.version, calls: r.n })),
    examples: [...examples.rows]
      .sort((a, b) => b.seen_at - a.seen_at)
      .map((r) => ({
        callId: r.call_id,
        seenAt: r.seen_at,
        agentId: r.agent_id,
        deploymentId: r.deployment_id,
        offsetS: r.offset_s,
        eventId: r.event_id,
        toolCallId: r.tool_call_id,
        detail: typeof r.detail === "string" ? r.detail.slice(0, 2000) : null,
        which: Number(r.i) === 1 ? "first" : Number(r.i) === Number(r.total) ? "latest" : "spread",
      })),
    history: history.rows.map((r) => ({ at: r.at, fromState: r.from_state, toState: r.to_state, actor: r.actor, deploymentId: r.deployment_id, note: r.note })),
  };
}

/** The causes of one call, for its page. */
export async function causesOfCall(
  pool: Pool,
  callId: string,
): Promise<(Pick<CauseRow, "id" | "kind" | "title" | "state" | "callCount"> & { offsetS: number | null; eventId: string | null })[]> {
  const { rows } = await pool.query(
    `select c.id, c.kind, c.title, c.state, c.call_count, cc.offset_s, cc.event_id::text
     from call_causes cc join causes c on c.id = cc.cause_id where cc.call_id = $1 order by c.call_count desc, c.id`,
    [callId],
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, state: r.state, callCount: r.call_count, offsetS: r.offset_s, eventId: r.event_id }));
}

/** The causes of many calls at once (exports): each call's, by call id, in a stable order. */
export async function causesOfCalls(pool: Pool, callIds: string[]): Promise<Map<string, { id: string; kind: string; title: string }[]>> {
  const byCall = new Map<string, { id: string; kind: string; title: string }[]>(callIds.map((id) => [id, []]));
  if (!callIds.length) return byCall;
  const { rows } = await pool.query(
    `select cc.call_id, c.id, c.kind, c.title from call_causes cc join causes c on c.id = cc.cause_id
     where cc.call_id = any($1::text[]) order by cc.call_id, c.id`,
    [callIds],
  );
  for (const r of rows) byCall.get(r.call_id)?.push({ id: r.id, kind: r.kind, title: r.title });
  return byCall;
}

/** The causes a deployment introduced (first seen in it) and the ones resolved in it. */
export async function causesOfDeployment(pool: Pool, deploymentId: string) {
  const { rows } = await pool.query(
    `select ${COLUMNS}, (c.first_deployment_id = $1) as introduced from causes c
     where c.first_deployment_id = $1 or c.resolved_in_deployment_id = $1 order by c.call_count desc limit 100`,
    [deploymentId],
  );
  return {
    introduced: rows.filter((r) => r.introduced).map(causeRow),
    fixed: rows.filter((r) => r.resolved_in_deployment_id === deploymentId).map(causeRow),
  };
}
