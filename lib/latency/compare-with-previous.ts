// Each deployment against the previous deployment of the same agent.
import { createHash } from "node:crypto";
import type { Pool } from "pg";
import { processSingleton } from "@/lib/process-singleton";
import { bootstrapShifts, type Shift } from "./compare-deployments";
import { deploymentSample, latencyByGroup } from "./get-latency";
import type { LatencyFilters } from "./latency-filters";
import type { GroupRow } from "./latency-types";
import { type RangeWindow, rangeWindow } from "./time-buckets";

/** At most this many bootstraps are remembered, the oldest forgotten first. */
const REMEMBERED = 2000;
const remembered = () => processSingleton("latency-bootstrap-shifts", () => new Map<string, (Shift | null)[]>());

/**
 * bootstrapShifts at p50 and p95, remembered by its inputs: it is seeded, so
 * the same values always give the same intervals, and the values of a
 * deployment over whole days do not change from one read of the page to the next.
 */
function shiftsOf(before: number[], after: number[]): (Shift | null)[] {
  const hash = createHash("sha256");
  for (const values of [before, after]) {
    hash.update(`${values.length};`);
    hash.update(Float64Array.from(values));
  }
  const key = hash.digest("base64");
  const memo = remembered();
  const known = memo.get(key);
  if (known) return known;
  const shifts = bootstrapShifts(before, after, [0.5, 0.95]);
  memo.set(key, shifts);
  if (memo.size > REMEMBERED) memo.delete(memo.keys().next().value!);
  return shifts;
}

export type DeploymentComparison = { deploymentId: string; previousId: string | null; p50: Shift | null; p95: Shift | null };

/** These deployments, newest first, each with the one its agent had before it (null for an agent's first). */
export async function previousDeployments(pool: Pool, ids: string[]): Promise<{ id: string; previous: string | null }[]> {
  if (!ids.length) return [];
  const { rows } = await pool.query(
    `select d.id, (select p.id from deployments p where p.agent_id = d.agent_id and coalesce(p.created_at, p.first_seen_at) < coalesce(d.created_at, d.first_seen_at)
                   order by coalesce(p.created_at, p.first_seen_at) desc limit 1) as previous
     from deployments d where d.id = any($1::text[]) order by coalesce(d.created_at, d.first_seen_at) desc`,
    [ids],
  );
  return rows;
}

/**
 * The most recent deployments shown are compared (at most `max`): each costs
 * two samples and a bootstrap. `known` holds values already read for some
 * deployments (from the histograms); the others are sampled from the turns.
 */
export async function compareWithPrevious(
  pool: Pool,
  filters: LatencyFilters,
  rows: GroupRow[],
  window: Pick<RangeWindow, "from" | "to"> = rangeWindow(filters),
  known: Map<string, number[]> = new Map(),
  max = 10,
  ordered?: { id: string; previous: string | null }[],
): Promise<Map<string, DeploymentComparison>> {
  const counts = new Map(rows.map((r) => [r.key, r.n]));
  if (!rows.length) return new Map();
  const order =
    ordered ??
    (await previousDeployments(
      pool,
      rows.map((r) => r.key),
    ));
  const result = new Map<string, DeploymentComparison>();
  for (const { id, previous } of order.slice(0, max)) {
    if (!previous) {
      result.set(id, { deploymentId: id, previousId: null, p50: null, p95: null });
      continue;
    }
    const sample = async (deploymentId: string) => {
      if (known.has(deploymentId)) return known.get(deploymentId)!;
      const count =
        counts.get(deploymentId) ?? (await latencyByGroup(pool, { ...filters, deployment: [deploymentId], agent: [] }, "deployment", window))[0]?.n ?? 0;
      return deploymentSample(pool, filters, deploymentId, count, window);
    };
    const [before, after] = await Promise.all([sample(previous), sample(id)]);
    const [p50, p95] = shiftsOf(before, after);
    result.set(id, { deploymentId: id, previousId: previous, p50, p95 });
  }
  return result;
}
