// How each figure a monitor watches is measured over a trailing window from
// what is stored. Percentiles and rates need values (fewer than
// the monitor's minimum is no_data); the two call counts always have one.
//
// A percentile over a window of hours reads the latency histograms for the
// calls that started in its whole hours, and the raw values only at its two
// edges: each value still counts at its own time (its call's start plus its
// offset), as the raw query over the whole window counts it.
import type { Pool } from "pg";
import { scoreOf } from "@/lib/evaluations/evaluation-figures";
import { addBins, type BinCounts, binnedPercentile, summarize } from "@/lib/latency/binned-values";
import { histogramsOfCallsBetween } from "@/lib/latency/latency-from-rollups";
import { BINS_PER_MS, METRIC_VALUES, type RollupMetric } from "@/lib/latency/rollup";
import type { Figure, MonitorMetric, MonitorScope } from "./monitor-definitions";

/** Calls started this long before a window can still have values inside it (unless they ended before it). */
const LONGEST_CALL_MS = 6 * 3600_000;
const LONGEST_CALL = "interval '6 hours'";
const HOUR = 3600_000;
const FINISHED = "('completed', 'failed', 'cancelled')";
/** Each percentile figure's values, as the latency histograms keep them (their value in ms: METRIC_VALUES). */
const PERCENTILES = {
  tts_ttfb_p95_ms: "tts_ttfb",
  response_gap_p95_ms: "response_gap",
  stage_endpointing_p95_ms: "stage_endpointing",
  stage_stt_p95_ms: "stage_stt",
  stage_llm_p95_ms: "stage_llm",
  stage_tts_p95_ms: "stage_tts",
  stage_unattributed_p95_ms: "stage_unattributed",
} as const satisfies Partial<Record<MonitorMetric, RollupMetric>>;
type PercentileMetric = keyof typeof PERCENTILES;

/** The figure of a monitor's scope in the window that ends at `now`. */
export async function measure(pool: Pool, scope: MonitorScope, now: Date): Promise<Figure> {
  const from = new Date(now.getTime() - scope.windowMinutes * 60_000);
  const params: unknown[] = [from.toISOString(), now.toISOString()];
  const add = (v: unknown) => (params.push(v), `$${params.length}`);
  // The agent and the deployment are parameters once, whichever table a figure reads them from.
  const agent = scope.agentId ? add(scope.agentId) : null;
  const deployment = scope.deploymentId ? add(scope.deploymentId) : null;
  const inScope = (agentColumn: string, deploymentColumn: string) =>
    [agent ? `${agentColumn} = ${agent}::text` : "true", deployment ? `${deploymentColumn} = ${deployment}::text` : "true"].join(" and ");
  const calls = inScope("c.agent_id", "c.deployment_id");
  // A finished call's time is its end.
  const endTime = "coalesce(c.end_time, c.last_event_at, c.updated_at)";
  const one = async (sql: string) => {
    const { rows } = await pool.query(sql, params);
    return { value: rows[0].value === null ? null : Number(rows[0].value), count: Number(rows[0].count) };
  };
  switch (scope.metric) {
    case "tts_ttfb_p95_ms":
    case "response_gap_p95_ms":
    case "stage_endpointing_p95_ms":
    case "stage_stt_p95_ms":
    case "stage_llm_p95_ms":
    case "stage_tts_p95_ms":
    case "stage_unattributed_p95_ms":
      return percentile(pool, scope.metric, { from, to: now, calls, params, agentId: scope.agentId, deploymentId: scope.deploymentId });
    case "failure_rate":
      return one(`select (count(*) filter (where c.status = 'failed'))::float8 / nullif(count(*), 0) as value, count(*) as count
        from calls c
        where ${calls} and c.status in ${FINISHED} and c.sort_time > $1::timestamptz - interval '1 day'
          and ${endTime} > $1::timestamptz and ${endTime} <= $2::timestamptz`);
    case "dead_air_rate":
      return one(`select (count(*) filter (where v.dead_air_s > 0))::float8 / nullif(count(*), 0) as value, count(*) as count
        from calls c join call_conversations v on v.call_id = c.id
        where ${calls} and c.status in ${FINISHED} and c.sort_time > $1::timestamptz - interval '1 day'
          and ${endTime} > $1::timestamptz and ${endTime} <= $2::timestamptz`);
    case "no_calls":
      return one(`select count(*) as value, count(*) as count from calls c
        where ${calls} and c.status <> 'placeholder' and c.sort_time > $1::timestamptz and c.sort_time <= $2::timestamptz`);
    case "unfinished_calls":
      // Calls started in the day before the window that never finished: their last webhook is missing.
      params.splice(0, 2, new Date(from.getTime() - 86400_000).toISOString(), from.toISOString());
      return one(`select count(*) as value, count(*) as count from calls c
        where ${calls} and c.status not in ${FINISHED} and c.sort_time > $1::timestamptz and c.sort_time <= $2::timestamptz`);
    case "new_causes":
    case "regressed_causes": {
      // When the worker made the cause, or saw it again after it was resolved; one the team ignores does not count.
      const change = scope.metric === "new_causes" ? "s.from_state is null and s.to_state = 'new'" : "s.to_state = 'regressed'";
      const { rows } = await pool.query(
        `select c.id, c.title from causes c
         where c.state <> 'ignored'
           and exists (select 1 from cause_state_changes s where s.cause_id = c.id and ${change} and s.at > $1::timestamptz and s.at <= $2::timestamptz)
           and ${agent || deployment ? `exists (select 1 from call_causes cc where cc.cause_id = c.id and ${inScope("cc.agent_id", "cc.deployment_id")})` : "true"}
         order by c.last_seen_at desc, c.id limit 100`,
        params,
      );
      return { value: rows.length, count: rows.length, causes: rows.map((r) => ({ id: r.id, title: r.title })) };
    }
    case "cause_rate": {
      // The share of the calls that finished in the window that have the cause (any cause, when the monitor names none).
      const cause = scope.causeId ? `and cc.cause_id = ${add(scope.causeId)}::text` : "";
      const figure = await one(`select (count(*) filter (where exists (select 1 from call_causes cc where cc.call_id = c.id ${cause})))::float8
            / nullif(count(*), 0) as value, count(*) as count
        from calls c
        where ${calls} and c.status in ${FINISHED} and c.sort_time > $1::timestamptz - interval '1 day'
          and ${endTime} > $1::timestamptz and ${endTime} <= $2::timestamptz`);
      if (!scope.causeId) return figure;
      const { rows } = await pool.query("select id, title from causes where id = $1", [scope.causeId]);
      return { ...figure, causes: rows.map((r) => ({ id: r.id, title: r.title })) };
    }
    case "evaluation_fail_rate": {
      const named = scope.evaluation ? `and r.metric_name = ${add(scope.evaluation)}` : "";
      const { rows } = await pool.query(
        `select r.value from evaluation_results r
         where ${inScope("r.agent_id", "r.deployment_id")} ${named} and r.created_at > $1::timestamptz and r.created_at <= $2::timestamptz`,
        params,
      );
      const scores = rows.map((r) => scoreOf(r.value)).filter((s): s is number => s === 0 || s === 1);
      return { value: scores.length ? scores.filter((s) => s === 0).length / scores.length : null, count: scores.length };
    }
  }
}

/**
 * The p95 of a figure's values whose time is in the window, and how many
 * there are. A turn's time is its call's start plus its offset; a response
 * gap's (and its stages') is its assistant turn's.
 */
async function percentile(
  pool: Pool,
  metric: PercentileMetric,
  w: { from: Date; to: Date; calls: string; params: unknown[]; agentId: string | null; deploymentId: string | null },
): Promise<Figure> {
  const kept = PERCENTILES[metric];
  const { ms } = METRIC_VALUES[kept];
  const valueTime =
    metric === "tts_ttfb_p95_ms" ? "c.sort_time + t.start_s * interval '1 second'" : "c.sort_time + s.starts[g.turn_index + 1] * interval '1 second'";
  // turn_index counts the user and assistant turns (read once per call).
  const values =
    metric === "tts_ttfb_p95_ms"
      ? "from calls c join turns t on t.call_id = c.id"
      : `from calls c
         cross join lateral (select array_agg(t.start_s order by t.position) as starts from turns t
                             where t.call_id = c.id and t.role in ('user', 'assistant')) s
         join response_gaps g on g.call_id = c.id`;
  const inWindow = `${valueTime} > $1::timestamptz and ${valueTime} <= $2::timestamptz`;
  // Calls that started before the window and had not ended by its start.
  const before = `c.sort_time > $1::timestamptz - ${LONGEST_CALL} and (c.end_time is null or c.end_time > $1::timestamptz)`;
  // The whole hours: from the first hour that starts after the window does, to the last one that starts in it.
  const first = Math.floor(w.from.getTime() / HOUR) * HOUR + HOUR;
  const last = Math.floor(w.to.getTime() / HOUR) * HOUR;
  if (last - first < HOUR) {
    const { rows } = await pool.query(
      `select percentile_cont(0.95) within group (order by ${ms}) as value, count(${ms}) as count
       ${values} where ${w.calls} and ${before} and c.sort_time <= $2::timestamptz and ${ms} is not null and ${inWindow}`,
      w.params,
    );
    return { value: rows[0].value === null ? null : Number(rows[0].value), count: Number(rows[0].count) };
  }
  const params = [...w.params];
  const add = (v: unknown) => (params.push(v), `$${params.length}::timestamptz`);
  const [firstHour, lastHour] = [add(new Date(first)), add(new Date(last))];
  const longest = add(new Date(Math.max(first, w.to.getTime() - LONGEST_CALL_MS)));
  const bin = `round(${ms} * ${BINS_PER_MS})::int`;
  // The edges, binned as the histograms are: the calls that started before the whole hours (their values in the
  // window), those that started after them, and, taken away, the values of the whole hours' calls after the window.
  const { rows: edges } = await pool.query<{ bin: number; n: number }>(
    `select bin, sum(n)::int as n from (
       select ${bin} as bin, 1 as n ${values}
       where ${w.calls} and ${before} and c.sort_time < ${firstHour} and ${ms} is not null and ${inWindow}
       union all
       select ${bin}, 1 ${values}
       where ${w.calls} and c.sort_time > ${lastHour} and c.sort_time <= $2::timestamptz and ${ms} is not null and ${inWindow}
       union all
       select ${bin}, -1 ${values}
       where ${w.calls} and c.sort_time >= ${longest} and c.sort_time <= ${lastHour} and (c.end_time is null or c.end_time > $2::timestamptz)
         and ${ms} is not null and ${valueTime} > $2::timestamptz
     ) v group by bin`,
    params,
  );
  const scope = { agent: w.agentId ? [w.agentId] : [], deployment: w.deploymentId ? [w.deploymentId] : [] };
  const counts: BinCounts = new Map();
  for (const row of await histogramsOfCallsBetween(pool, kept, scope, new Date(first), new Date(last))) addBins(counts, row.bins, row.counts);
  for (const { bin, n } of edges) counts.set(bin, (counts.get(bin) ?? 0) + n);
  const summary = summarize(counts);
  return { value: summary.n ? binnedPercentile(summary, 0.95) : null, count: summary.n };
}
