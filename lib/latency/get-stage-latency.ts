// The stage view of latency: where the answered turns' waits went, per agent,
// deployment or deployment version, over the page's range and filters. Each
// stage is a figure of the latency machinery of its own (stage_llm, …; kept
// in the hourly and daily histograms like tts_ttfb), so a stage's p95 here is
// the same number its own chart shows. Percentiles are taken per stage: the
// stages' p95s need not add up to the wait's p95.
import type { Pool } from "pg";
import type { Shift } from "./compare-deployments";
import { compareWithPrevious, previousDeployments } from "./compare-with-previous";
import { latencyByGroup, latencyFigures } from "./get-latency";
import type { LatencyFilters } from "./latency-filters";
import { canUseRollups, manyFromRollups, type MergeOptions } from "./latency-from-rollups";
import type { GroupRow, LatencyFigures } from "./latency-types";
import { STAGE_METRICS, type StageMetric } from "./rollup";
import { describeStageShift, type StageShifts } from "./stage-shifts";
import { type RangeWindow, rangeWindow } from "./time-buckets";

export type StagePercentiles = Record<StageMetric, number | null>;

/** One group's waterfall: each stage's p50 and p95 and how many values it has. */
export type StageGroup = {
  key: string;
  agentId: string | null;
  label: string;
  waits: number;
  p50: StagePercentiles;
  p95: StagePercentiles;
  n: Record<StageMetric, number>;
};

export type StageComparison = {
  deploymentId: string;
  previousId: string;
  label: string;
  previousLabel: string;
  p50: StageShifts;
  p95: StageShifts;
  /** "9b71d3a is 310 ms slower at p95 than 4f2c9e1; text-to-speech accounts for 260 ms of it." */
  sentence: string | null;
};

export type StageLatency = {
  group: "agent" | "deployment" | "version";
  groups: StageGroup[];
  comparisons: StageComparison[];
  /** every stage metric's full figures (series, groups, histogram), as the latency page computes them for one figure (see `series` below) */
  figures: Record<StageMetric, LatencyFigures>;
};

const empty = <T>(value: (m: StageMetric) => T) => Object.fromEntries(STAGE_METRICS.map((m) => [m, value(m)])) as Record<StageMetric, T>;

function groupsOf(rows: Record<StageMetric, GroupRow[]>, labels: Map<string, string>): StageGroup[] {
  const byKey = new Map<string, StageGroup>();
  for (const metric of STAGE_METRICS) {
    for (const r of rows[metric]) {
      const g =
        byKey.get(r.key) ??
        byKey
          .set(r.key, {
            key: r.key,
            agentId: r.agentId,
            label: labels.get(r.key) ?? r.key,
            waits: 0,
            p50: empty(() => null),
            p95: empty(() => null),
            n: empty(() => 0),
          })
          .get(r.key)!;
      g.p50[metric] = r.p50;
      g.p95[metric] = r.p95;
      g.n[metric] = r.n;
      if (metric === "stage_wait") g.waits = r.n;
    }
  }
  return [...byKey.values()].sort((a, b) => (b.p95.stage_wait ?? -Infinity) - (a.p95.stage_wait ?? -Infinity) || a.key.localeCompare(b.key));
}

/** A deployment's short name: its git commit when known. */
async function deploymentLabels(pool: Pool, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const { rows } = await pool.query("select id, git_commit_hash from deployments where id = any($1::text[])", [ids]);
  return new Map(rows.map((r) => [r.id as string, (r.git_commit_hash as string | null)?.slice(0, 12) || (r.id as string)]));
}

/**
 * `series: false` (the page, which charts no stage over time) leaves each
 * stage's series and distribution out of `figures` when they come from the
 * histograms.
 */
export async function stageLatency(
  pool: Pool,
  filters: LatencyFilters,
  window: RangeWindow = rangeWindow(filters),
  options: MergeOptions = {},
): Promise<StageLatency> {
  // From the histograms, the six figures come from one read of them; otherwise each is a query of its own.
  const figures = canUseRollups({ ...filters, metric: STAGE_METRICS[0] }, window)
    ? await manyFromRollups(pool, STAGE_METRICS, filters, window, options)
    : (Object.fromEntries(
        await Promise.all(STAGE_METRICS.map(async (metric) => [metric, await latencyFigures(pool, { ...filters, metric }, window)])),
      ) as Record<StageMetric, LatencyFigures>);
  const perMetric = STAGE_METRICS.map((m) => figures[m]);
  const group = filters.stages;
  const deploymentIds = [...new Set(perMetric.flatMap((f) => f.byDeployment.map((r) => r.key)))];
  const labels = await deploymentLabels(pool, deploymentIds);

  let rows: Record<StageMetric, GroupRow[]>;
  if (group === "version") {
    const versions = await Promise.all(STAGE_METRICS.map((metric) => latencyByGroup(pool, { ...filters, metric }, "version", window)));
    rows = Object.fromEntries(STAGE_METRICS.map((m, i) => [m, versions[i]])) as Record<StageMetric, GroupRow[]>;
  } else rows = empty((m) => (group === "agent" ? figures[m].byAgent : figures[m].byDeployment));

  // Each deployment against the one before it, per stage: the same bootstrap as the wait's.
  // The deployments' order is read once for every stage.
  const ordered = await previousDeployments(pool, deploymentIds);
  const shifts = await Promise.all(
    STAGE_METRICS.map((metric) => {
      const rows = figures[metric].byDeployment;
      const shown = new Set(rows.map((r) => r.key));
      return compareWithPrevious(
        pool,
        { ...filters, metric },
        rows,
        window,
        figures[metric].deploymentValues,
        10,
        ordered.filter((d) => shown.has(d.id)),
      );
    }),
  );
  const comparisons: StageComparison[] = [];
  for (const [deploymentId, wait] of shifts[0]) {
    if (!wait.previousId) continue;
    const previousId = wait.previousId;
    const pick = (p: "p50" | "p95") =>
      Object.fromEntries(STAGE_METRICS.map((m, i) => [m, (shifts[i].get(deploymentId)?.[p] as Shift | null | undefined) ?? null])) as StageShifts;
    const p50 = pick("p50");
    const p95 = pick("p95");
    const label = labels.get(deploymentId) ?? deploymentId;
    const previousLabel = labels.get(previousId) ?? (await deploymentLabels(pool, [previousId])).get(previousId) ?? previousId;
    comparisons.push({ deploymentId, previousId, label, previousLabel, p50, p95, sentence: describeStageShift(label, previousLabel, "p95", p95) });
  }
  return { group, groups: groupsOf(rows, group === "agent" ? new Map() : labels), comparisons, figures };
}
