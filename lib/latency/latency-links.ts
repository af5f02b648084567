// The latency page's links to itself: the same range, figure and time zone,
// with one thing changed.
import type { LatencyFilters } from "./latency-filters";

/** The page with `extra` set and the agent and deployment filters dropped (a table's row picks its own). */
export function latencyLink(filters: LatencyFilters, extra: Record<string, string>): string {
  const p = new URLSearchParams({ range: filters.range, metric: filters.metric, tz: filters.tz, ...extra });
  return `/latency?${p}`;
}

/** The page with other stages chosen, every filter kept, scrolled to the stages. */
export function stagesLink(filters: LatencyFilters, stages: string): string {
  const p = new URLSearchParams({ range: filters.range, metric: filters.metric, tz: filters.tz, stages });
  for (const a of filters.agent) p.append("agent", a);
  for (const d of filters.deployment) p.append("deployment", d);
  return `/latency?${p}#stages`;
}
