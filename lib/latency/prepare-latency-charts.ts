// Chart data for the latency page, shaped by pure functions so that the
// charts only render.
import type { HistogramRow, PercentileRow } from "./latency-types";

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
