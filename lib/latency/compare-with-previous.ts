// Each deployment against the previous deployment of the same agent.
import type { Pool } from "pg";
import { bootstrapShift, type Shift } from "./compare-deployments";
import { deploymentSample, type GroupRow, latencyByGroup } from "./get-latency";
import type { LatencyFilters } from "./latency-filters";

export type DeploymentComparison = { deploymentId: string; previousId: string | null; p50: Shift | null; p95: Shift | null };

/** The most recent deployments shown are compared (at most `max`): each costs two samples and a bootstrap. */
export async function compareWithPrevious(pool: Pool, filters: LatencyFilters, rows: GroupRow[], now = new Date(), max = 10): Promise<Map<string, DeploymentComparison>> {
  const ids = rows.map((r) => r.key);
  const counts = new Map(rows.map((r) => [r.key, r.n]));
  if (!ids.length) return new Map();
  const { rows: order } = await pool.query(
    `select d.id, (select p.id from deployments p where p.agent_id = d.agent_id and coalesce(p.created_at, p.first_seen_at) < coalesce(d.created_at, d.first_seen_at)
                   order by coalesce(p.created_at, p.first_seen_at) desc limit 1) as previous
     from deployments d where d.id = any($1::text[]) order by coalesce(d.created_at, d.first_seen_at) desc`,
    [ids],
  );
  const result = new Map<string, DeploymentComparison>();
  for (const { id, previous } of order.slice(0, max)) {
    if (!previous) {
      result.set(id, { deploymentId: id, previousId: null, p50: null, p95: null });
      continue;
    }
    const previousCount = counts.get(previous) ?? (await latencyByGroup(pool, { ...filters, deployment: [previous], agent: [] }, "deployment", now))[0]?.n ?? 0;
    const [before, after] = await Promise.all([deploymentSample(pool, filters, previous, previousCount, 2000, now), deploymentSample(pool, filters, id, counts.get(id) ?? 0, 2000, now)]);
    result.set(id, { deploymentId: id, previousId: previous, p50: bootstrapShift(before, after, 0.5), p95: bootstrapShift(before, after, 0.95) });
  }
  return result;
}
