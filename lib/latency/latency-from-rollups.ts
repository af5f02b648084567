// The latency page's figures for long ranges, from the hourly histograms in
// one query: whole hours come from latency_hourly, and from the raw turns
// only the partial hours at both ends of the range and any hour changed since
// its histogram was built. Everything else is merged here, in one pass.
import type { Pool } from "pg";
import { addBins, type BinCounts, binnedMax, binnedPercentile, binnedShareOver, representativeValues, summarize } from "./binned-values";
import type { GroupRow, HistogramRow, PercentileRow } from "./get-latency";
import { type Bucket, bucketFor, LATENCY_RANGES, type LatencyFilters } from "./latency-filters";
import { bucketStarts, startOf } from "./prepare-latency-charts";
import { BINS_PER_MS, ROLLUP_METRICS } from "./rollup";

export type LatencyFigures = {
  bucket: Bucket;
  series: PercentileRow[];
  byAgent: GroupRow[];
  byDeployment: GroupRow[];
  histogram: HistogramRow[];
  /** values standing for each deployment's distribution, for the comparison of deployments */
  deploymentValues: Map<string, number[]>;
};

const HOUR = 3600_000;
const HISTOGRAM_BIN_MS = 25;
const HISTOGRAM_MAX_MS = 2000;

/** Day buckets of a time zone whose days start on whole UTC hours, for a figure kept in histograms. */
export function canUseRollups(filters: LatencyFilters, now: Date): boolean {
  if (!(ROLLUP_METRICS as readonly string[]).includes(filters.metric)) return false;
  if (bucketFor(LATENCY_RANGES[filters.range]).unit !== "day") return false;
  const from = new Date(now.getTime() - LATENCY_RANGES[filters.range] * 1000);
  return [from, now].every((d) => startOf(d, "hour", filters.tz) % HOUR === 0);
}

type HourRow = { hour: Date; agent_id: string; deployment_id: string; bins: number[]; counts: number[] };

export async function fetchHourlyHistograms(pool: Pool, filters: LatencyFilters, now: Date): Promise<HourRow[]> {
  const from = new Date(now.getTime() - LATENCY_RANGES[filters.range] * 1000);
  const firstWhole = new Date(Math.ceil(from.getTime() / HOUR) * HOUR);
  const lastWhole = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const params: unknown[] = [filters.metric, from, now, firstWhole, lastWhole];
  const rolledWhere: string[] = [];
  const rawWhere: string[] = [];
  if (filters.agent.length) {
    params.push(filters.agent);
    rolledWhere.push(`r.agent_id = any($${params.length}::text[])`);
    rawWhere.push(`c.agent_id = any($${params.length}::text[])`);
  }
  if (filters.deployment.length) {
    params.push(filters.deployment);
    rolledWhere.push(`r.deployment_id = any($${params.length}::text[])`);
    rawWhere.push(`c.deployment_id = any($${params.length}::text[])`);
  }
  const column = filters.metric === "tts_ttfb" ? "t.tts_ttfb" : "t.stt_ttfb";
  const { rows } = await pool.query(
    `with pending as (
       select distinct hour from latency_changes where hour >= $4 and hour < $5
     ),
     windows as (
       select $2::timestamptz as lo, $4::timestamptz as hi
       union all select $5::timestamptz, $3::timestamptz + interval '1 microsecond'
       union all select hour, hour + interval '1 hour' from pending
     ),
     raw as (
       select date_trunc('hour', c.sort_time, 'UTC') as hour, coalesce(c.agent_id, '') as agent_id, coalesce(c.deployment_id, '') as deployment_id,
              round(${column} * 1000 * ${BINS_PER_MS})::int as bin, count(*)::int as n
       from windows w
       join calls c on c.sort_time >= w.lo and c.sort_time < w.hi
       join turns t on t.call_id = c.id
       where ${column} is not null ${rawWhere.map((w) => `and ${w}`).join(" ")}
       group by 1, 2, 3, 4
     )
     select r.hour, r.agent_id, r.deployment_id, r.bins, r.counts
     from latency_hourly r
     where r.metric = $1 and r.hour >= $4 and r.hour < $5 and not exists (select 1 from pending p where p.hour = r.hour)
       ${rolledWhere.map((w) => `and ${w}`).join(" ")}
     union all
     select hour, agent_id, deployment_id, array_agg(bin order by bin), array_agg(n order by bin) from raw group by 1, 2, 3`,
    params,
  );
  return rows as HourRow[];
}

/** Merges hourly histograms into the page's figures. Pure: the rows in, the figures out. */
export function figuresFromHistograms(rows: HourRow[], filters: LatencyFilters, now: Date): LatencyFigures {
  const bucket = bucketFor(LATENCY_RANGES[filters.range]);
  const from = new Date(now.getTime() - LATENCY_RANGES[filters.range] * 1000);
  const starts = bucketStarts(from, now, bucket, filters.tz);
  const bucketOf = (hour: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= hour) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo];
  };
  const byAgentSeries = filters.compare === "agent";
  const series = new Map<string, { t: number; agent: string; counts: BinCounts }>();
  const agents = new Map<string, BinCounts>();
  const deployments = new Map<string, { agents: Set<string>; counts: BinCounts }>();
  const histogram = new Map<number, number>();
  const lastHistogramBin = HISTOGRAM_MAX_MS / HISTOGRAM_BIN_MS;

  for (const row of rows) {
    const t = bucketOf(row.hour.getTime());
    const key = byAgentSeries ? `${t}|${row.agent_id}` : `${t}`;
    const point = series.get(key) ?? series.set(key, { t, agent: row.agent_id, counts: new Map() }).get(key)!;
    addBins(point.counts, row.bins, row.counts);
    if (row.agent_id) addBins(agents.get(row.agent_id) ?? agents.set(row.agent_id, new Map()).get(row.agent_id)!, row.bins, row.counts);
    if (row.deployment_id) {
      const deployment = deployments.get(row.deployment_id) ?? deployments.set(row.deployment_id, { agents: new Set(), counts: new Map() }).get(row.deployment_id)!;
      if (row.agent_id) deployment.agents.add(row.agent_id);
      addBins(deployment.counts, row.bins, row.counts);
    }
    for (let i = 0; i < row.bins.length; i++) {
      const bin = Math.min(Math.floor(Math.max(row.bins[i] / BINS_PER_MS, 0) / HISTOGRAM_BIN_MS), lastHistogramBin);
      histogram.set(bin, (histogram.get(bin) ?? 0) + row.counts[i]);
    }
  }

  const seriesRows: PercentileRow[] = [...series.values()]
    .map(({ t, agent, counts }) => {
      const s = summarize(counts);
      return {
        bucket: new Date(t),
        agentId: byAgentSeries ? agent || null : null,
        n: s.n,
        p50: binnedPercentile(s, 0.5),
        p90: binnedPercentile(s, 0.9),
        p95: binnedPercentile(s, 0.95),
        p99: binnedPercentile(s, 0.99),
      };
    })
    .sort((a, b) => a.bucket.getTime() - b.bucket.getTime() || (a.agentId ?? "").localeCompare(b.agentId ?? ""));

  const group = (key: string, agentId: string | null, counts: BinCounts): GroupRow => {
    const s = summarize(counts);
    return {
      key,
      agentId,
      n: s.n,
      p50: binnedPercentile(s, 0.5),
      p95: binnedPercentile(s, 0.95),
      p99: binnedPercentile(s, 0.99),
      max: binnedMax(s),
      over: binnedShareOver(counts, s.n, filters.threshold),
    };
  };
  const byKey = (a: GroupRow, b: GroupRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const byAgent = [...agents].map(([agent, counts]) => group(agent, agent, counts)).sort(byKey);
  const deploymentValues = new Map<string, number[]>();
  const byDeployment = [...deployments]
    .map(([id, d]) => {
      deploymentValues.set(id, representativeValues(summarize(d.counts)));
      return group(id, [...d.agents].sort()[0] ?? null, d.counts);
    })
    .sort(byKey);
  const histogramRows: HistogramRow[] = [...histogram]
    .sort((a, b) => a[0] - b[0])
    .map(([bin, n]) => ({ fromMs: bin * HISTOGRAM_BIN_MS, toMs: bin === lastHistogramBin ? Infinity : (bin + 1) * HISTOGRAM_BIN_MS, n }));

  return { bucket, series: seriesRows, byAgent, byDeployment, histogram: histogramRows, deploymentValues };
}

export async function latencyFromRollups(pool: Pool, filters: LatencyFilters, now: Date): Promise<LatencyFigures> {
  return figuresFromHistograms(await fetchHourlyHistograms(pool, filters, now), filters, now);
}
