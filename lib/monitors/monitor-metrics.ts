// How each figure a monitor watches is measured over a trailing window from
// what is stored. Percentiles and rates need values (fewer than
// the monitor's minimum is no_data); the two call counts always have one.
import type { Pool } from "pg";
import { scoreOf } from "@/lib/evaluations/evaluation-figures";
import type { Figure, MonitorScope } from "./monitor-definitions";

/** Calls started this long before a window can still have values inside it (unless they ended before it). */
const LONGEST_CALL = "interval '6 hours'";
const FINISHED = "('completed', 'failed', 'cancelled')";
const STAGE_COLUMNS = {
  stage_endpointing_p95_ms: "g.endpointing_ms",
  stage_stt_p95_ms: "g.stt_ms",
  stage_llm_p95_ms: "g.llm_ms",
  stage_tts_p95_ms: "g.tts_ms",
  stage_unattributed_p95_ms: "g.unattributed_ms",
} as const;

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
  // A turn's time is its call's start plus its offset; a finished call's is its end.
  const turnTime = "c.sort_time + t.start_s * interval '1 second'";
  const endTime = "coalesce(c.end_time, c.last_event_at, c.updated_at)";
  const one = async (sql: string) => {
    const { rows } = await pool.query(sql, params);
    return { value: rows[0].value === null ? null : Number(rows[0].value), count: Number(rows[0].count) };
  };
  const gapPercentile = (column: string) => {
    // turn_index counts the user and assistant turns; the gap's time is its assistant turn's (read once per call).
    const gapTime = "c.sort_time + s.starts[g.turn_index + 1] * interval '1 second'";
    return one(`select percentile_cont(0.95) within group (order by ${column}) as value, count(${column}) as count
        from calls c
        cross join lateral (select array_agg(t.start_s order by t.position) as starts from turns t
                            where t.call_id = c.id and t.role in ('user', 'assistant')) s
        join response_gaps g on g.call_id = c.id
        where ${calls} and c.sort_time > $1::timestamptz - ${LONGEST_CALL} and c.sort_time <= $2::timestamptz and (c.end_time is null or c.end_time > $1::timestamptz)
          and ${gapTime} > $1::timestamptz and ${gapTime} <= $2::timestamptz`);
  };
  // A stage of the wait before each answered turn (lib/conversation/waterfall.ts), timed as the response gap is.
  switch (scope.metric) {
    case "stage_endpointing_p95_ms":
    case "stage_stt_p95_ms":
    case "stage_llm_p95_ms":
    case "stage_tts_p95_ms":
    case "stage_unattributed_p95_ms":
      return gapPercentile(STAGE_COLUMNS[scope.metric]);
    case "tts_ttfb_p95_ms":
      return one(`select percentile_cont(0.95) within group (order by t.tts_ttfb * 1000) as value, count(*) as count
        from calls c join turns t on t.call_id = c.id
        where ${calls} and c.sort_time > $1::timestamptz - ${LONGEST_CALL} and c.sort_time <= $2::timestamptz and (c.end_time is null or c.end_time > $1::timestamptz)
          and t.tts_ttfb is not null and ${turnTime} > $1::timestamptz and ${turnTime} <= $2::timestamptz`);
    case "response_gap_p95_ms":
      return gapPercentile("g.gap_ms");
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
