// Where latency values come from, as one SQL relation `v(at, agent_id,
// deployment_id, deployment_version_id, ms)`: the call's start time, its
// agent, deployment and deployment version, and one value in milliseconds.
import type { LatencyFilters } from "./latency-filters";
import type { RangeWindow } from "./time-buckets";

export function latencySource(filters: LatencyFilters, params: unknown[], window: Pick<RangeWindow, "from" | "to">) {
  const add = (v: unknown) => (params.push(v), `$${params.length}`);
  const where = [`c.sort_time >= ${add(window.from.toISOString())}::timestamptz`, `c.sort_time <= ${add(window.to.toISOString())}::timestamptz`];
  if (filters.agent.length) where.push(`c.agent_id = any(${add(filters.agent)}::text[])`);
  if (filters.deployment.length) where.push(`c.deployment_id = any(${add(filters.deployment)}::text[])`);
  if (filters.metric === "tts_ttfb" || filters.metric === "stt_ttfb") {
    const column = filters.metric === "tts_ttfb" ? "t.tts_ttfb" : "t.stt_ttfb";
    return `select c.sort_time as at, c.agent_id, c.deployment_id, c.extra->>'deployment_version_id' as deployment_version_id, ${column} * 1000 as ms
            from calls c join turns t on t.call_id = c.id
            where ${where.join(" and ")} and ${column} is not null`;
  }
  if (filters.metric === "response_gap" || filters.metric === "heard_gap") {
    // What the caller waited: from the turns' timestamps, or heard in the recording (lib/conversation).
    const column = filters.metric === "response_gap" ? "g.gap_ms" : "g.heard_gap_ms";
    return `select c.sort_time as at, c.agent_id, c.deployment_id, c.extra->>'deployment_version_id' as deployment_version_id, ${column} as ms
            from calls c join response_gaps g on g.call_id = c.id
            where ${where.join(" and ")} and ${column} is not null`;
  }
  return `select c.sort_time as at, c.agent_id, c.deployment_id, c.extra->>'deployment_version_id' as deployment_version_id, (e.value #>> '{}')::float8 as ms
          from calls c join call_events e on e.call_id = c.id
          where ${where.join(" and ")} and e.kind = 'log_metric' and e.name = ${add(filters.metric)} and jsonb_typeof(e.value) = 'number'`;
}
