// The slowest answered turns of a set of calls, by the gap the caller heard
// (the silence in the recording between their speech and the agent's), or by
// the gap between the turns' timestamps where no recording was measured. Each
// with what the user said and what the agent answered, and the gap's stage
// breakdown when the measurement has one.
import type { Pool } from "pg";

export type SlowTurnFilters = { from: Date; to: Date; agentIds: string[]; deploymentIds: string[] };

export type SlowTurn = {
  callId: string;
  agentId: string | null;
  deploymentId: string | null;
  callStart: Date | null;
  turnIndex: number;
  startS: number | null;
  gapMs: number;
  heardGapMs: number | null;
  userText: string | null;
  agentText: string | null;
  ttsTtfb: number | null;
  stages: unknown;
};

/** The n-th spoken (user or assistant) turn of call `c`, counted as gapsByTurnId counts them. */
const spokenTurn = (index: string, alias: string) => `left join lateral (select t.start_s, t.text, t.tts_ttfb from turns t
    where t.call_id = c.id and t.role in ('user', 'assistant') order by t.start_s, t.position offset ${index} limit 1) ${alias} on true`;

export async function listSlowestTurns(pool: Pool, filters: SlowTurnFilters, offset: number, limit: number): Promise<{ rows: SlowTurn[]; total: number }> {
  const params: unknown[] = [filters.from.toISOString(), filters.to.toISOString()];
  const where = ["c.sort_time >= $1::timestamptz", "c.sort_time <= $2::timestamptz"];
  if (filters.agentIds.length) where.push(`c.agent_id = any($${params.push(filters.agentIds)}::text[])`);
  if (filters.deploymentIds.length) where.push(`c.deployment_id = any($${params.push(filters.deploymentIds)}::text[])`);
  const matching = `from response_gaps g join calls c on c.id = g.call_id where ${where.join(" and ")}`;
  const page = [...params, offset, limit];
  const [{ rows }, count] = await Promise.all([
    pool.query(
      `select c.id as call_id, c.agent_id, c.deployment_id, c.start_time, g.turn_index, g.gap_ms, g.heard_gap_ms,
              to_jsonb(g) -> 'stages' as stages, a.start_s, a.text as agent_text, a.tts_ttfb, u.text as user_text
       from (select g.*, c.sort_time ${matching}
             order by coalesce(g.heard_gap_ms, g.gap_ms) desc, g.call_id, g.turn_index
             offset $${page.length - 1} limit $${page.length}) g
       join calls c on c.id = g.call_id
       ${spokenTurn("g.turn_index", "a")}
       ${spokenTurn("g.user_turn_index", "u")}
       order by coalesce(g.heard_gap_ms, g.gap_ms) desc, g.call_id, g.turn_index`,
      page,
    ),
    pool.query(`select count(*)::int as n ${matching}`, params),
  ]);
  return {
    total: count.rows[0].n,
    rows: rows.map((r) => ({
      callId: r.call_id,
      agentId: r.agent_id,
      deploymentId: r.deployment_id,
      callStart: r.start_time,
      turnIndex: r.turn_index,
      startS: r.start_s,
      gapMs: r.gap_ms,
      heardGapMs: r.heard_gap_ms,
      userText: r.user_text,
      agentText: r.agent_text,
      ttsTtfb: r.tts_ttfb,
      stages: r.stages ?? null,
    })),
  };
}
