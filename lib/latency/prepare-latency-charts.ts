// Chart data for the latency page, shaped by pure functions so that the
// charts only render.
import type { Bucket } from "./latency-filters";
import type { HistogramRow, PercentileRow } from "./get-latency";

export type PercentilePoint = { t: number; n: number; p50: number | null; p90: number | null; p95: number | null; p99: number | null };
export type AgentPoint = { t: number } & Record<string, number | null>;

/** Every bucket of the range, empty ones included (as gaps), for one series of percentiles. */
export function preparePercentiles(rows: PercentileRow[], bucketStarts: number[]): PercentilePoint[] {
  const byTime = new Map(rows.map((r) => [r.bucket.getTime(), r]));
  return bucketStarts.map((t) => {
    const r = byTime.get(t);
    const round = (v: number | undefined) => (v === undefined ? null : Math.round(v * 10) / 10);
    return { t, n: r?.n ?? 0, p50: round(r?.p50), p90: round(r?.p90), p95: round(r?.p95), p99: round(r?.p99) };
  });
}

/** One column of p95 per agent, for comparing agents. */
export function prepareAgentSeries(rows: PercentileRow[], bucketStarts: number[]): { points: AgentPoint[]; agents: string[] } {
  const agents = [...new Set(rows.map((r) => r.agentId ?? "(none)"))].sort();
  const byKey = new Map(rows.map((r) => [`${r.bucket.getTime()}|${r.agentId ?? "(none)"}`, r.p95]));
  const points = bucketStarts.map((t) => {
    const point: AgentPoint = { t };
    for (const a of agents) point[a] = byKey.has(`${t}|${a}`) ? Math.round(byKey.get(`${t}|${a}`)! * 10) / 10 : null;
    return point;
  });
  return { points, agents };
}

/**
 * The starts of the buckets between `from` and `to`, as the database makes
 * them: 5-minute bins from the epoch, hours and days in the time zone.
 */
export function bucketStarts(from: Date, to: Date, bucket: Bucket, timeZone: string): number[] {
  const starts: number[] = [];
  if (bucket.unit === "5 minutes") {
    for (let t = Math.floor(from.getTime() / 300_000) * 300_000; t <= to.getTime(); t += 300_000) starts.push(t);
    return starts;
  }
  for (let t = startOf(from, bucket.unit, timeZone); t <= to.getTime(); ) {
    starts.push(t);
    // Local hours are always an hour apart. Days are 23 to 25 hours long: 26 hours after a day's
    // start is always inside the next day, whose start it snaps back to.
    t = bucket.unit === "hour" ? t + 3600_000 : startOf(new Date(t + 26 * 3600_000), "day", timeZone);
  }
  return starts;
}

/** The start of the hour or day that holds `date`, in `timeZone`. */
export function startOf(date: Date, unit: "hour" | "day", timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), unit === "day" ? 0 : Number(parts.hour));
  // The zone's offset at that moment: local wall time read as UTC, less the real instant.
  const offset = wallAsUtc(new Date(local), timeZone) - local;
  const guess = local - offset;
  const offsetAtGuess = wallAsUtc(new Date(guess), timeZone) - guess;
  return local - offsetAtGuess;
}

function wallAsUtc(date: Date, timeZone: string): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(date)
      .map((x) => [x.type, x.value]),
  );
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

export type HistogramBar = { label: string; fromMs: number; n: number };

export function prepareHistogram(rows: HistogramRow[], binMs = 25, maxMs = 2000): HistogramBar[] {
  const counts = new Map(rows.map((r) => [r.fromMs, r.n]));
  const bars: HistogramBar[] = [];
  for (let from = 0; from <= maxMs; from += binMs) {
    bars.push({ label: from === maxMs ? `≥${maxMs}` : `${from}`, fromMs: from, n: counts.get(from) ?? 0 });
  }
  // Trailing empty bins say nothing: stop after the last one with values, but show at least up to 500 ms.
  let last = bars.length - 1;
  while (last > 20 && bars[last].n === 0) last--;
  return bars.slice(0, last + 1);
}
