// Response gaps and dead air over many calls (an agent's, a deployment's), as
// SQL to join beside other figures: one home for the agents and deployments pages.
import { z } from "zod";

export type ConversationStats = {
  gapP50: number | null;
  gapP95: number | null;
  heardGapP50: number | null;
  /** the share of measured calls with dead air, 0 to 1; null when none was measured */
  deadAirRate: number | null;
};

/** Two lateral joins over the calls matching `where` (a condition on `c`): columns gap_p50, gap_p95, heard_p50, measured, with_dead_air. */
export function conversationStatsSql(where: string) {
  return `
  left join lateral (
    select percentile_cont(0.5) within group (order by g.gap_ms) as gap_p50,
           percentile_cont(0.95) within group (order by g.gap_ms) as gap_p95,
           percentile_cont(0.5) within group (order by g.heard_gap_ms) as heard_p50
    from calls c join response_gaps g on g.call_id = c.id where ${where}) rg on true
  left join lateral (
    select count(*)::int as measured, count(*) filter (where v.dead_air_s > 0)::int as with_dead_air
    from calls c join call_conversations v on v.call_id = c.id where ${where}) da on true`;
}

export const CONVERSATION_STATS_COLUMNS = "rg.gap_p50, rg.gap_p95, rg.heard_p50, da.measured, da.with_dead_air";

export function conversationStats(r: {
  gap_p50: number | null;
  gap_p95: number | null;
  heard_p50: number | null;
  measured: number | null;
  with_dead_air: number | null;
}): ConversationStats {
  return { gapP50: r.gap_p50, gapP95: r.gap_p95, heardGapP50: r.heard_p50, deadAirRate: r.measured ? (r.with_dead_air ?? 0) / r.measured : null };
}

/** The figures in the API's answers about agents and deployments. */
export const conversationStatsFields = {
  response_gap_p50_ms: z.number().nullable().describe("response gaps from the turns' timestamps"),
  response_gap_p95_ms: z.number().nullable(),
  heard_gap_p50_ms: z.number().nullable().describe("response gaps heard in the recordings"),
  dead_air_rate: z.number().nullable().describe("the share of measured calls with dead air"),
};

export function conversationStatsJson(stats: ConversationStats) {
  return { response_gap_p50_ms: stats.gapP50, response_gap_p95_ms: stats.gapP95, heard_gap_p50_ms: stats.heardGapP50, dead_air_rate: stats.deadAirRate };
}
