// The latency page's numbers. Short ranges, and figures not kept in
// histograms, are computed over the raw values in Postgres with
// percentile_cont (exact, linear interpolation between the closest ranks);
// ranges of days come from the hourly histograms (latency-from-rollups.ts),
// within 0.05 ms of the exact figures.
import type { Pool } from "pg";
import type { LatencyFilters } from "./latency-filters";
import { canUseRollups, latencyFromRollups } from "./latency-from-rollups";
import { latencySource } from "./latency-source";
import type { DeploymentMarker, GroupRow, HistogramRow, LatencyFigures, PercentileRow } from "./latency-types";
import { BINS_PER_MS } from "./rollup";
import { type Bucket, type RangeWindow, rangeWindow } from "./time-buckets";

const PERCENTILES = `count(*)::int as n,
  percentile_cont(0.5) within group (order by ms) as p50,
  percentile_cont(0.9) within group (order by ms) as p90,
  percentile_cont(0.95) within group (order by ms) as p95,
  percentile_cont(0.99) within group (order by ms) as p99`;

/** The bucket of each value; binds the time zone only where the expression uses it. */
function bucketExpr(bucket: Bucket, params: unknown[], tz: string) {
  if (bucket.unit === "5 minutes") return "date_bin('5 minutes', at, timestamptz '2000-01-01 00:00:00+00')";
  params.push(tz);
  return `date_trunc('${bucket.unit}', at, $${params.length})`;
}

/** Everything the latency page charts and tables, in one query when the histograms can answer. */
export async function latencyFigures(pool: Pool, filters: LatencyFilters, window = rangeWindow(filters)): Promise<LatencyFigures> {
  if (canUseRollups(filters, window)) return latencyFromRollups(pool, filters, window);
  const [series, byAgent, byDeployment, bins] = await Promise.all([
    percentilesOverTime(pool, filters, window),
    latencyByGroup(pool, filters, "agent", window),
    latencyByGroup(pool, filters, "deployment", window),
    histogram(pool, filters, window),
  ]);
  return { window, bucket: window.bucket, series: series.rows, byAgent, byDeployment, histogram: bins, deploymentValues: new Map() };
}

export async function percentilesOverTime(pool: Pool, filters: LatencyFilters, window = rangeWindow(filters)) {
  const params: unknown[] = [];
  const source = latencySource(filters, params, window);
  const bucket = window.bucket;
  const byAgent = filters.compare === "agent";
  const { rows } = await pool.query(
    `select ${bucketExpr(bucket, params, filters.tz)} as bucket, ${byAgent ? "agent_id" : "null::text as agent_id"}, ${PERCENTILES}
     from (${source}) v group by 1, 2 order by 1, 2`,
    params,
  );
  return { bucket, rows: rows.map((r): PercentileRow => ({ bucket: r.bucket, agentId: r.agent_id, n: r.n, p50: r.p50, p90: r.p90, p95: r.p95, p99: r.p99 })) };
}

export async function latencyByGroup(
  pool: Pool,
  filters: LatencyFilters,
  group: "agent" | "deployment" | "version",
  window: Pick<RangeWindow, "from" | "to"> = rangeWindow(filters),
): Promise<GroupRow[]> {
  const params: unknown[] = [];
  const source = latencySource(filters, params, window);
  params.push(filters.threshold);
  const key = group === "agent" ? "agent_id" : group === "deployment" ? "deployment_id" : "deployment_version_id";
  const { rows } = await pool.query(
    `select ${key} as key, min(agent_id) as agent_id, count(*)::int as n,
            percentile_cont(0.5) within group (order by ms) as p50,
            percentile_cont(0.95) within group (order by ms) as p95,
            percentile_cont(0.99) within group (order by ms) as p99,
            max(ms) as max, (count(*) filter (where round(ms * ${BINS_PER_MS}) > $${params.length} * ${BINS_PER_MS}))::float8 / count(*) as over
     from (${source}) v where ${key} is not null group by ${key} order by ${key}`,
    params,
  );
  return rows.map((r) => ({ key: r.key, agentId: r.agent_id, n: r.n, p50: r.p50, p95: r.p95, p99: r.p99, max: r.max, over: r.over }));
}

/**
 * Counts per bin of `binMs` from 0 to `maxMs`; values above fall in the last,
 * open bin. Values are taken to the nearest 0.1 ms first (as the share over a
 * threshold is), so that 0.45 s, stored as 449.99999999999994 ms, counts as 450.
 */
export async function histogram(
  pool: Pool,
  filters: LatencyFilters,
  window: Pick<RangeWindow, "from" | "to"> = rangeWindow(filters),
  binMs = 25,
  maxMs = 2000,
): Promise<HistogramRow[]> {
  const params: unknown[] = [];
  const source = latencySource(filters, params, window);
  const bins = maxMs / binMs;
  const { rows } = await pool.query(
    `select least(floor(greatest(round(ms * ${BINS_PER_MS}) / ${BINS_PER_MS}, 0) / ${binMs})::int, ${bins}) as bin, count(*)::int as n from (${source}) v group by 1 order by 1`,
    params,
  );
  return rows.map((r) => ({ fromMs: r.bin * binMs, toMs: r.bin === bins ? Infinity : (r.bin + 1) * binMs, n: r.n }));
}

/** Latency metrics this data set has: the turn figures and every log metric named *_ms. */
export async function latencyMetrics(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query(`select distinct name from call_events where kind = 'log_metric' and name like '%\\_ms' order by name limit 50`);
  return ["tts_ttfb", "stt_ttfb", "response_gap", "heard_gap", ...rows.map((r) => r.name as string)];
}

/**
 * The values of one deployment, about `limit` of its `count`, for the
 * comparison of deployments: every value whose hash falls in one of `step`
 * classes, so the sample is spread over the whole range without a sort.
 */
export async function deploymentSample(
  pool: Pool,
  filters: LatencyFilters,
  deploymentId: string,
  count: number,
  window: Pick<RangeWindow, "from" | "to"> = rangeWindow(filters),
  limit = 2000,
) {
  const params: unknown[] = [];
  const source = latencySource({ ...filters, deployment: [deploymentId], agent: [] }, params, window);
  const step = Math.max(1, Math.ceil(count / limit));
  params.push(step);
  const { rows } = await pool.query(`select ms from (${source}) v where abs(hashtext(at::text || ms::text)) % $${params.length} = 0`, params);
  return rows.map((r) => r.ms as number);
}

export async function deploymentMarkers(
  pool: Pool,
  filters: LatencyFilters,
  window: Pick<RangeWindow, "from" | "to"> = rangeWindow(filters),
): Promise<DeploymentMarker[]> {
  const params: unknown[] = [window.from.toISOString(), window.to.toISOString()];
  let where = "coalesce(d.deployment_completed_at, d.created_at) between $1 and $2";
  if (filters.agent.length) {
    params.push(filters.agent);
    where += ` and d.agent_id = any($${params.length}::text[])`;
  }
  const { rows } = await pool.query(
    `select d.id, d.agent_id, coalesce(d.deployment_completed_at, d.created_at) as at, d.git_commit_hash from deployments d where ${where} order by at`,
    params,
  );
  return rows.map((r) => ({ id: r.id, agentId: r.agent_id, at: r.at, gitCommitHash: r.git_commit_hash }));
}
