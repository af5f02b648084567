// Each deployment against the previous deployment of the same agent.
import type { Pool } from "pg";
import { bootstrapShift, type Shift } from "./compare-deployments";
import { deploymentSample, type GroupRow } from "./get-latency";
import type { LatencyFilters } from "./latency-filters";

export type DeploymentComparison = { deploymentId: string; previousId: string | null; p50: Shift | null; p95: Shift | null };

export async function compareWithPrevious(pool: Pool, filters: LatencyFilters, rows: GroupRow[], now = new Date()): Promise<Map<string, DeploymentComparison>> {
  const ids = rows.map((r) => r.key);
  if (!ids.length) return new Map();
  const { rows: order } = await pool.query(
    `select d.id, (select p.id from deployments p where p.agent_id = d.agent_id and coalesce(p.created_at, p.first_seen_at) < coalesce(d.created_at, d.first_seen_at)
                   order by coalesce(p.created_at, p.first_seen_at) desc limit 1) as previous
     from deployments d where d.id = any($1::text[])`,
    [ids],
  );
  const result = new Map<string, DeploymentComparison>();
  for (const { id, previous } of order.slice(0, 20)) {
    if (!previous) {
      result.set(id, { deploymentId: id, previousId: null, p50: null, p95: null });
      continue;
    }
    const [before, after] = await Promise.all([deploymentSample(pool, filters, previous, 4000, now), deploymentSample(pool, filters, id, 4000, now)]);
    result.set(id, { deploymentId: id, previousId: previous, p50: bootstrapShift(before, after, 0.5), p95: bootstrapShift(before, after, 0.95) });
  }
  return result;
}
