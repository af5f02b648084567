// The latency page's figures for long ranges, from the histograms in one
// query: whole UTC days from latency_daily, other whole hours from
// latency_hourly, and from the raw turns only the partial hours at both ends
// of the range and any hour changed since its histogram was built. Everything
// else is merged here, in one pass.
//
// In a time zone whose days are not UTC days, a UTC day's histogram is counted
// under the local day that holds its noon, and its few hours that belong to
// the local day before or after are moved there: read from latency_hourly,
// taken from the one and added to the other. Berlin needs one such hour a day,
// New York five, instead of reading all 24.
import type { Pool } from "pg";
import { binnedMax, binnedPercentile, binnedShareOver, representativeValues, summarizeDense } from "./binned-values";
import { heldRows, holdRow, type StoredKind } from "./histogram-cache";
import { type LatencyFilters, latencyFiltersSchema } from "./latency-filters";
import type { GroupRow, HistogramRow, LatencyFigures, PercentileRow } from "./latency-types";
import { BINS_PER_MS, METRIC_VALUES, PACKED_ANY_ORDER, ROLLUP_METRICS, type RollupMetric } from "./rollup";
import { bucketStarts, type RangeWindow, startOf } from "./time-buckets";

const HOUR = 3600_000;
const DAY = 86400_000;
const HISTOGRAM_BIN_MS = 25;
const HISTOGRAM_MAX_MS = 2000;

/** Day buckets of a time zone whose days start on whole UTC hours, for a figure kept in histograms. */
export function canUseRollups(filters: LatencyFilters, window: RangeWindow): boolean {
  if (!(ROLLUP_METRICS as readonly string[]).includes(filters.metric)) return false;
  if (window.bucket.unit !== "day") return false;
  return [window.from, window.to].every((d) => startOf(d, "hour", window.timeZone) % HOUR === 0);
}

/**
 * A histogram of one UTC day ("day"), of one hour ("hour"), or of an hour
 * inside a day read whole that belongs to another local day ("moved").
 */
export type HourRow = {
  kind: "day" | "hour" | "moved";
  hour: Date;
  agent_id: string;
  deployment_id: string;
  bins: Int32Array | readonly number[];
  counts: Int32Array | readonly number[];
};

/** The page's buckets (local days), and the one each UTC day's histogram is counted under: the one holding its noon. */
function localDays({ starts }: RangeWindow): LocalDays {
  const bucketOf = (time: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= time) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo];
  };
  return { bucketOf, bucketOfDay: (utcDay: number) => bucketOf(utcDay + 12 * HOUR) };
}

type LocalDays = { bucketOf: (time: number) => number; bucketOfDay: (utcDay: number) => number };

/** The hours of the UTC days [firstDay, lastDay) that belong to another local day than the day they are in. */
function movedHours({ bucketOf, bucketOfDay }: LocalDays, firstDay: Date, lastDay: Date): Date[] {
  const moved: Date[] = [];
  for (let day = firstDay.getTime(); day < lastDay.getTime(); day += DAY) {
    for (let hour = day; hour < day + DAY; hour += HOUR) if (bucketOf(hour) !== bucketOfDay(day)) moved.push(new Date(hour));
  }
  return moved;
}

/**
 * The histograms covering the range, each as (start, agent, deployment, bins,
 * counts): whole UTC days from latency_daily when local days are UTC days and
 * none of their hours changed since; other whole hours from latency_hourly
 * unless changed since; the partial hours at both ends and the changed hours
 * from the raw turns.
 */
async function fetchHistograms(
  pool: Pool,
  metrics: readonly RollupMetric[],
  filters: LatencyFilters,
  { from, to: now }: RangeWindow,
  days: LocalDays,
): Promise<Map<RollupMetric, HourRow[]>> {
  const firstWhole = new Date(Math.ceil(from.getTime() / HOUR) * HOUR);
  const lastWhole = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const firstDay = new Date(Math.ceil(from.getTime() / DAY) * DAY);
  const lastDay = new Date(Math.max(firstDay.getTime(), Math.floor(now.getTime() / DAY) * DAY));
  const params: unknown[] = [metrics, from, now, firstWhole, lastWhole, firstDay, lastDay, movedHours(days, firstDay, lastDay)];
  const rolledWhere: string[] = [];
  const rawWhere: string[] = [];
  if (filters.agent.length) {
    params.push(filters.agent);
    rolledWhere.push(`and r.agent_id = any($${params.length}::text[])`);
    rawWhere.push(`and c.agent_id = any($${params.length}::text[])`);
  }
  if (filters.deployment.length) {
    params.push(filters.deployment);
    rolledWhere.push(`and r.deployment_id = any($${params.length}::text[])`);
    rawWhere.push(`and c.deployment_id = any($${params.length}::text[])`);
  }
  // Days and hours already decoded here come back without their histogram while their row is still the version held:
  // the whole days, and the hours of the partial days at both ends and those moved to another local day.
  const moved = params[7] as Date[];
  const times: { kind: StoredKind; at: Date }[] = [...moved.map((at) => ({ kind: "hour" as const, at }))];
  for (let day = firstDay.getTime(); day < lastDay.getTime(); day += DAY) times.push({ kind: "day", at: new Date(day) });
  for (let hour = firstWhole.getTime(); hour < Math.min(firstDay.getTime(), lastWhole.getTime()); hour += HOUR)
    times.push({ kind: "hour", at: new Date(hour) });
  for (let hour = Math.max(lastDay.getTime(), firstWhole.getTime()); hour < lastWhole.getTime(); hour += HOUR) times.push({ kind: "hour", at: new Date(hour) });
  const { known, held, asked } = heldRows(metrics, times);
  params.push(known.kind, known.metric, known.at, known.agentId, known.deploymentId, known.version);
  const h = params.length - 5;
  const unheld = (kind: StoredKind, at: string) =>
    `left join unnest($${h}::text[], $${h + 1}::text[], $${h + 2}::timestamptz[], $${h + 3}::text[], $${h + 4}::text[], $${h + 5}::xid[])
       h(kind, metric, at, agent_id, deployment_id, version)
       on h.kind = '${kind}' and h.metric = r.metric and h.at = ${at} and h.agent_id = r.agent_id and h.deployment_id = r.deployment_id and h.version = r.xmin`;
  // The raw hours are read once for all the figures: each value of the shared join becomes one row per figure.
  const join = METRIC_VALUES[metrics[0]].join;
  if (metrics.some((m) => METRIC_VALUES[m].join !== join)) throw new Error(`${metrics.join(", ")} are not kept over the same rows`);
  const names = metrics.map((m) => `'${m}'`).join(", ");
  const values = metrics.map((m) => `(${METRIC_VALUES[m].ms})::float8`).join(", ");
  const { rows } = await pool.query(
    `with pending as (
       select distinct hour from latency_changes where hour >= $4 and hour < $5
     ),
     whole_days as (
       select day from generate_series($6::timestamptz, $7::timestamptz - interval '1 day', interval '1 day') day
       where not exists (select 1 from pending p where p.hour >= day and p.hour < day + interval '1 day')
     ),
     -- the hours read from latency_hourly: those outside the whole days, the days with changed hours, and the moved hours of the others
     broken_days as (
       select day from generate_series($6::timestamptz, $7::timestamptz - interval '1 day', interval '1 day') day
       except select day from whole_days
     ),
     hour_windows as (
       select 'hour' as kind, $4::timestamptz as lo, least($6::timestamptz, $5::timestamptz) as hi
       union all select 'hour', greatest($7::timestamptz, $4::timestamptz), $5::timestamptz
       union all select 'hour', day, day + interval '1 day' from broken_days
       union all select 'moved', hour, hour + interval '1 hour' from unnest($8::timestamptz[]) hour
       where not exists (select 1 from broken_days b where hour >= b.day and hour < b.day + interval '1 day')
     ),
     windows as (
       select $2::timestamptz as lo, $4::timestamptz as hi
       union all select $5::timestamptz, $3::timestamptz + interval '1 microsecond'
       union all select hour, hour + interval '1 hour' from pending
     ),
     raw as (
       select m.metric, c.hour, coalesce(c.agent_id, '') as agent_id,
              coalesce(c.deployment_id, '') as deployment_id, round(m.ms * ${BINS_PER_MS})::int as bin, count(*)::int as n
       from windows w
       -- one index range scan per window (offset 0 keeps the planner from flattening it into a scan of every call),
       -- each call's hour taken once (date_bin is arithmetic; date_trunc in 'UTC' looks the zone up at every row)
       cross join lateral (
         select c.id, c.agent_id, c.deployment_id, date_bin('1 hour', c.sort_time, timestamptz '2000-01-01 00:00:00+00') as hour
         from calls c where c.sort_time >= w.lo and c.sort_time < w.hi offset 0
       ) c
       ${join}
       cross join lateral unnest(array[${names}], array[${values}]) m(metric, ms)
       where m.ms is not null ${rawWhere.join(" ")}
       group by 1, 2, 3, 4, 5
     )
     select r.metric, 'day' as kind, r.day as hour, r.agent_id, r.deployment_id, r.xmin::text as version,
            case when h.version is null then r.packed end as packed
     from latency_daily r
     ${unheld("day", "r.day")}
     where r.metric = any($1::text[]) and r.day in (select day from whole_days) ${rolledWhere.join(" ")}
     union all
     select r.metric, w.kind, r.hour, r.agent_id, r.deployment_id, r.xmin::text, case when h.version is null then r.packed end
     from hour_windows w
     -- one index range scan per window, as for the raw hours
     cross join lateral (
       select r.metric, r.hour, r.agent_id, r.deployment_id, r.packed, r.xmin from latency_hourly r
       where r.metric = any($1::text[]) and r.hour >= w.lo and r.hour < w.hi ${rolledWhere.join(" ")} offset 0
     ) r
     ${unheld("hour", "r.hour")}
     where not exists (select 1 from pending p where p.hour = r.hour)
     union all
     select metric, 'hour', hour, agent_id, deployment_id, null, ${PACKED_ANY_ORDER} from raw group by 1, 3, 4, 5`,
    params,
  );
  const byMetric = new Map<RollupMetric, HourRow[]>(metrics.map((m) => [m, []]));
  // Read as stored: Postgres writing each number out as text, and the driver reading it back, cost several times more.
  for (const { metric, packed, version, ...r } of rows) {
    // A stored row has a version; the raw hours' histograms, built by this query, have none.
    const stored: StoredKind | null = version === null ? null : r.kind === "day" ? "day" : "hour";
    const histogram = packed ? unpackHistogram(packed) : stored && held(stored, metric, r.hour, r.agent_id, r.deployment_id);
    if (!histogram) throw new Error(`the histogram of ${metric} at ${r.hour.toISOString()} was neither sent nor held`);
    if (packed && stored && asked(stored, metric, r.hour)) holdRow(stored, metric, r.hour, r.agent_id, r.deployment_id, version, histogram);
    byMetric.get(metric)!.push({ ...r, ...histogram });
  }
  return byMetric;
}

/** A histogram's packed (bin, count) pairs, two big-endian int32s each, as two parallel arrays. */
export function unpackHistogram(packed: Buffer): { bins: Int32Array; counts: Int32Array } {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const length = packed.byteLength >> 3;
  const bins = new Int32Array(length);
  const counts = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    bins[i] = view.getInt32(i << 3);
    counts[i] = view.getInt32((i << 3) + 4);
  }
  return { bins, counts };
}

/**
 * Every bin present, ascending, and each one's place among them, so that each
 * group's counts are a typed array. The place is looked up in an array over
 * the bins' range when that is small enough (bins are integers), else in a map.
 */
function denseIndex(rows: HourRow[]): { bins: Float64Array; indexOf: (bin: number) => number } {
  let lowest = Infinity;
  let highest = -Infinity;
  for (const row of rows)
    for (const bin of row.bins) {
      if (bin < lowest) lowest = bin;
      if (bin > highest) highest = bin;
    }
  if (!rows.length || highest - lowest > 1 << 22) {
    const bins = Float64Array.from(new Set(rows.flatMap((r) => Array.from(r.bins)))).sort();
    const places = new Map<number, number>();
    bins.forEach((bin, i) => places.set(bin, i));
    return { bins, indexOf: (bin) => places.get(bin)! };
  }
  const place = new Int32Array(highest - lowest + 1);
  for (const row of rows) for (const bin of row.bins) place[bin - lowest] = 1;
  let present = 0;
  for (let i = 0; i < place.length; i++) place[i] = place[i] ? present++ : -1;
  const bins = new Float64Array(present);
  for (let i = 0; i < place.length; i++) if (place[i] >= 0) bins[place[i]] = i + lowest;
  return { bins, indexOf: (bin) => place[bin - lowest] };
}

/** What to merge: `series: false` leaves out the figures over time and the distribution (empty), for readers that show neither. */
export type MergeOptions = { series?: boolean };

/**
 * Merges the histograms into the page's figures. Pure: the rows of
 * fetchHistograms in, the figures out.
 */
export function figuresFromHistograms(
  rows: HourRow[],
  filters: Pick<LatencyFilters, "compare" | "threshold">,
  window: RangeWindow,
  { series: withSeries = true }: MergeOptions = {},
): LatencyFigures {
  const { bucketOf, bucketOfDay } = localDays(window);
  const bucket = window.bucket;
  const byAgentSeries = filters.compare === "agent";

  // Counts per bin fit in 32 bits (two billion values in one tenth of a millisecond), in half the memory of doubles.
  const { bins, indexOf } = denseIndex(rows);
  const newCounts = () => new Int32Array(bins.length);

  const series = new Map<string, { t: number; agent: string; counts: Int32Array }>();
  const agents = new Map<string, Int32Array>();
  const deployments = new Map<string, { agents: Set<string>; counts: Int32Array }>();
  const lastHistogramBin = HISTOGRAM_MAX_MS / HISTOGRAM_BIN_MS;
  const histogram = new Float64Array(lastHistogramBin + 1);

  const pointOf = (t: number, agentId: string) => {
    const key = byAgentSeries ? `${t}|${agentId}` : `${t}`;
    return (series.get(key) ?? series.set(key, { t, agent: agentId, counts: newCounts() }).get(key)!).counts;
  };

  for (const row of rows) {
    const hour = row.hour.getTime();
    if (row.kind === "moved") {
      // Already counted in its UTC day, under that day's local day: only the series moves it to its own.
      if (!withSeries) continue;
      const counted = pointOf(bucketOfDay(Math.floor(hour / DAY) * DAY), row.agent_id);
      const own = pointOf(bucketOf(hour), row.agent_id);
      for (let i = 0; i < row.bins.length; i++) {
        const index = indexOf(row.bins[i]);
        counted[index] -= row.counts[i];
        own[index] += row.counts[i];
      }
      continue;
    }
    const point = withSeries ? pointOf(row.kind === "day" ? bucketOfDay(hour) : bucketOf(hour), row.agent_id) : null;
    const agent = row.agent_id ? (agents.get(row.agent_id) ?? agents.set(row.agent_id, newCounts()).get(row.agent_id)!) : null;
    let deployment: Int32Array | null = null;
    if (row.deployment_id) {
      const d = deployments.get(row.deployment_id) ?? deployments.set(row.deployment_id, { agents: new Set(), counts: newCounts() }).get(row.deployment_id)!;
      if (row.agent_id) d.agents.add(row.agent_id);
      deployment = d.counts;
    }
    for (let i = 0; i < row.bins.length; i++) {
      const index = indexOf(row.bins[i]);
      const n = row.counts[i];
      if (agent) agent[index] += n;
      if (deployment) deployment[index] += n;
      if (!point) continue;
      point[index] += n;
      histogram[Math.min(Math.floor(Math.max(row.bins[i] / BINS_PER_MS, 0) / HISTOGRAM_BIN_MS), lastHistogramBin)] += n;
    }
  }

  const seriesRows: PercentileRow[] = [...series.values()]
    .flatMap(({ t, agent, counts }) => {
      const s = summarizeDense(bins, counts);
      // A local day whose values all moved to its neighbours has none left.
      if (!s.n) return [];
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

  const group = (key: string, agentId: string | null, counts: Int32Array): GroupRow => {
    const s = summarizeDense(bins, counts);
    return {
      key,
      agentId,
      n: s.n,
      p50: binnedPercentile(s, 0.5),
      p95: binnedPercentile(s, 0.95),
      p99: binnedPercentile(s, 0.99),
      max: binnedMax(s),
      over: binnedShareOver(s, filters.threshold),
    };
  };
  const byKey = (a: GroupRow, b: GroupRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const byAgent = [...agents].map(([agent, counts]) => group(agent, agent, counts)).sort(byKey);
  const deploymentValues = new Map<string, number[]>();
  const byDeployment = [...deployments]
    .map(([id, d]) => {
      deploymentValues.set(id, representativeValues(summarizeDense(bins, d.counts)));
      return group(id, [...d.agents].sort()[0] ?? null, d.counts);
    })
    .sort(byKey);
  const histogramRows: HistogramRow[] = [];
  histogram.forEach((n, bin) => {
    if (n) histogramRows.push({ fromMs: bin * HISTOGRAM_BIN_MS, toMs: bin === lastHistogramBin ? Infinity : (bin + 1) * HISTOGRAM_BIN_MS, n });
  });

  return { window, bucket, series: seriesRows, byAgent, byDeployment, histogram: histogramRows, deploymentValues };
}

export async function latencyFromRollups(pool: Pool, filters: LatencyFilters, window: RangeWindow): Promise<LatencyFigures> {
  const metric = filters.metric as RollupMetric;
  const rows = await fetchHistograms(pool, [metric], filters, window, localDays(window));
  return figuresFromHistograms(rows.get(metric)!, filters, window);
}

/** The figures of several metrics kept over the same rows (the stages of the wait), from one read of the histograms. */
export async function manyFromRollups<M extends RollupMetric>(
  pool: Pool,
  metrics: readonly M[],
  filters: LatencyFilters,
  window: RangeWindow,
  options: MergeOptions = {},
): Promise<Record<M, LatencyFigures>> {
  const rows = await fetchHistograms(pool, metrics, filters, window, localDays(window));
  return Object.fromEntries(metrics.map((m) => [m, figuresFromHistograms(rows.get(m)!, filters, window, options)])) as Record<M, LatencyFigures>;
}

/**
 * The stored histograms of one figure over the calls that started in [from,
 * to], both whole UTC hours (a call starting at `to` included): for readers
 * that take the edges of their range from the raw values themselves.
 * Changed hours come from the raw turns, as for the page.
 */
export async function histogramsOfCallsBetween(
  pool: Pool,
  metric: RollupMetric,
  scope: { agent: string[]; deployment: string[] },
  from: Date,
  to: Date,
): Promise<HourRow[]> {
  const bucket = { unit: "day", seconds: 86400 } as const;
  const window: RangeWindow = { from, to, bucket, timeZone: "UTC", starts: bucketStarts(from, to, bucket, "UTC") };
  const rows = await fetchHistograms(pool, [metric], { ...latencyFiltersSchema.parse({}), ...scope }, window, localDays(window));
  return rows.get(metric)!;
}
