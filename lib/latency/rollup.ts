// Hourly latency histograms, and the same per UTC day. Triggers note every
// hour whose turns or calls changed (latency_changes); `rebuildChangedHours`
// takes the noted hours and rebuilds their histograms from the turns, and
// their days from the hours, in one transaction (where triggers on
// latency_daily keep the all-time totals /metrics reads). A change
// committed while it runs keeps its note and is rebuilt on the next round,
// and until then reads take that hour from the raw turns: the histograms are
// never read stale.
import type { Pool } from "pg";
import { withTransaction } from "@/lib/db/transaction";

/** Values are kept in bins of 0.1 ms: every figure read from them is within 0.05 ms of the exact one. */
export const BINS_PER_MS = 10;
/** The stages of each answered turn's wait (lib/conversation/waterfall.ts), and the wait they add up to. */
export const STAGE_METRICS = ["stage_wait", "stage_endpointing", "stage_stt", "stage_llm", "stage_tts", "stage_unattributed"] as const;
export type StageMetric = (typeof STAGE_METRICS)[number];
export const ROLLUP_METRICS = ["tts_ttfb", "stt_ttfb", "response_gap", "heard_gap", ...STAGE_METRICS] as const;
export type RollupMetric = (typeof ROLLUP_METRICS)[number];

/** Each stage figure's value in ms, over response_gaps `g` (the wait: heard when measured so, else the timestamp gap). */
export const STAGE_VALUES: Record<StageMetric, string> = {
  stage_wait: "case g.measured_by when 'audio' then g.heard_gap_ms when 'timestamps' then g.gap_ms end",
  stage_endpointing: "g.endpointing_ms",
  stage_stt: "g.stt_ms",
  stage_llm: "g.llm_ms",
  stage_tts: "g.tts_ms",
  stage_unattributed: "g.unattributed_ms",
};
const gapsJoin = "join response_gaps g on g.call_id = c.id";
/** The turns' latency values, with those retention kept of turns it deleted. */
const TURN_VALUES = "(select call_id, tts_ttfb, stt_ttfb from turns union all select call_id, tts_ttfb, stt_ttfb from kept_turn_latency)";

/** Where each kept figure's values are, for a query over `calls c`: the join that brings them, and the value in ms. */
export const METRIC_VALUES: Record<RollupMetric, { join: string; ms: string }> = {
  tts_ttfb: { join: `join ${TURN_VALUES} t on t.call_id = c.id`, ms: "t.tts_ttfb * 1000" },
  stt_ttfb: { join: `join ${TURN_VALUES} t on t.call_id = c.id`, ms: "t.stt_ttfb * 1000" },
  response_gap: { join: "join response_gaps g on g.call_id = c.id", ms: "g.gap_ms" },
  heard_gap: { join: gapsJoin, ms: "g.heard_gap_ms" },
  ...(Object.fromEntries(Object.entries(STAGE_VALUES).map(([metric, ms]) => [metric, { join: gapsJoin, ms }])) as Record<
    StageMetric,
    { join: string; ms: string }
  >),
};

const ROLLUP_LOCK = 1667329134;
const DAY = 86400_000;

/**
 * An aggregate of a histogram's `bin` and `n` into its `packed` form: the
 * pairs ordered by bin, each as two big-endian int32s (see unpackHistogram).
 */
export const PACKED = "string_agg(int4send(bin) || int4send(n), ''::bytea order by bin)";
/** The same pairs in no particular order, for histograms merged as soon as they are read (the sort was a quarter of the cost of reading the raw hours). */
export const PACKED_ANY_ORDER = "string_agg(int4send(bin) || int4send(n), ''::bytea)";

/** The histogram rows of some hours, built from the turns and the response gaps, as a SELECT over `hours` (a CTE with one `hour` column). */
export const HISTOGRAMS_FROM_TURNS = `
  select metric, hour, agent_id, deployment_id, array_agg(bin order by bin) as bins, array_agg(n order by bin) as counts, ${PACKED} as packed
  from (
    select m.metric, h.hour, coalesce(c.agent_id, '') as agent_id, coalesce(c.deployment_id, '') as deployment_id,
           round(m.ms * ${BINS_PER_MS})::int as bin, count(*)::int as n
    from hours h
    join calls c on c.sort_time >= h.hour and c.sort_time < h.hour + interval '1 hour'
    join ${TURN_VALUES} t on t.call_id = c.id
    cross join lateral (values ('tts_ttfb', t.tts_ttfb * 1000), ('stt_ttfb', t.stt_ttfb * 1000)) m(metric, ms)
    where m.ms is not null
    group by 1, 2, 3, 4, 5
    union all
    select m.metric, h.hour, coalesce(c.agent_id, ''), coalesce(c.deployment_id, ''), round(m.ms * ${BINS_PER_MS})::int, count(*)::int
    from hours h
    join calls c on c.sort_time >= h.hour and c.sort_time < h.hour + interval '1 hour'
    join response_gaps g on g.call_id = c.id
    cross join lateral (values ('response_gap', g.gap_ms), ('heard_gap', g.heard_gap_ms),
      ${Object.entries(STAGE_VALUES)
        .map(([metric, ms]) => `('${metric}', ${ms})`)
        .join(", ")}) m(metric, ms)
    where m.ms is not null
    group by 1, 2, 3, 4, 5
  ) binned
  group by 1, 2, 3, 4`;

/** Rebuilds the noted hours that have settled; returns how many were rebuilt. */
export async function rebuildChangedHours(pool: Pool, settleMs = 30_000): Promise<number> {
  return withTransaction(pool, async (client) => {
    // One rebuilder at a time across instances; the others skip this round.
    const { rows: locked } = await client.query("select pg_try_advisory_xact_lock($1) as ok", [ROLLUP_LOCK]);
    if (!locked[0].ok) return 0;
    // An hour still being written (the current one, or any noted in the last `settleMs`) waits: reads take
    // it from the turns meanwhile, and rebuilding it on every round would cost more than it saves.
    const { rows } = await client.query(
      `with settled as (
           select hour from latency_changes group by hour
           having hour < date_trunc('hour', now(), 'UTC') - interval '1 hour' or max(noted_at) < now() - $1::int * interval '1 millisecond'
         ),
         taken as (delete from latency_changes where hour in (select hour from settled) returning hour)
         select distinct hour from taken`,
      [settleMs],
    );
    if (rows.length) {
      const hours = rows.map((r) => r.hour as Date);
      await client.query("delete from latency_hourly where hour = any($1::timestamptz[])", [hours]);
      // A statement of its own, so that it sees every change committed before it began.
      await client.query(
        `insert into latency_hourly (metric, hour, agent_id, deployment_id, bins, counts, packed)
           with hours as (select unnest($1::timestamptz[]) as hour) ${HISTOGRAMS_FROM_TURNS}`,
        [hours],
      );
      // Their days, merged from the hours.
      const days = [...new Set(hours.map((h) => Math.floor(h.getTime() / DAY) * DAY))].map((t) => new Date(t));
      await client.query("delete from latency_daily where day = any($1::timestamptz[])", [days]);
      await client.query(
        `insert into latency_daily (metric, day, agent_id, deployment_id, bins, counts, packed)
           select metric, day, agent_id, deployment_id, array_agg(bin order by bin), array_agg(n order by bin), ${PACKED}
           from (
             select h.metric, d.day, h.agent_id, h.deployment_id, u.bin, sum(u.n)::int as n
             from unnest($1::timestamptz[]) d(day)
             join latency_hourly h on h.hour >= d.day and h.hour < d.day + interval '1 day'
             cross join unnest(h.bins, h.counts) u(bin, n)
             group by 1, 2, 3, 4, 5
           ) merged
           group by 1, 2, 3, 4`,
        [days],
      );
    }
    return rows.length;
  });
}
