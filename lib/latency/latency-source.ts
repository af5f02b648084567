// Where latency values come from, as one SQL relation `v(at, agent_id,
// deployment_id, deployment_version_id, ms)`: the call's start time, its
// agent, deployment and deployment version, and one value in milliseconds.
import type { LatencyFilters } from "./latency-filters";
import { METRIC_VALUES, type RollupMetric } from "./rollup";
import type { RangeWindow } from "./time-buckets";

export function latencySource(filters: LatencyFilters, params: unknown[], window: Pick<RangeWindow, "from" | "to">) {
  const add = (v: unknown) => (params.push(v), `$${params.length}`);
  const where = [`c.sort_time >= ${add(window.from.toISOString())}::timestamptz`, `c.sort_time <= ${add(window.to.toISOString())}::timestamptz`];
  if (filters.agent.length) where.push(`c.agent_id = any(${add(filters.agent)}::text[])`);
  if (filters.deployment.length) where.push(`c.deployment_id = any(${add(filters.deployment)}::text[])`);
  const kept = Object.hasOwn(METRIC_VALUES, filters.metric) ? METRIC_VALUES[filters.metric as RollupMetric] : null;
  if (kept) {
    return `select c.sort_time as at, c.agent_id, c.deployment_id, c.extra->>'deployment_version_id' as deployment_version_id, ${kept.ms} as ms
            from calls c ${kept.join}
            where ${where.join(" and ")} and ${kept.ms} is not null`;
  }
  return `select c.sort_time as at, c.agent_id, c.deployment_id, c.extra->>'deployment_version_id' as deployment_version_id, (e.value #>> '{}')::float8 as ms
          from calls c join call_events e on e.call_id = c.id
          where ${where.join(" and ")} and e.kind = 'log_metric' and e.name = ${add(filters.metric)} and jsonb_typeof(e.value) = 'number'`;
}
