// Figures from binned values: counts per 0.1 ms bin, merged from hourly
// histograms. Percentiles follow percentile_cont (linear interpolation
// between the closest ranks) over the bins' values, so each is within half a
// bin (0.05 ms) of percentile_cont over the exact values.
import { BINS_PER_MS } from "./rollup";

/** Counts per bin; a bin is a value in tenths of a millisecond. */
export type BinCounts = Map<number, number>;

export function addBins(into: BinCounts, bins: number[], counts: number[]) {
  for (let i = 0; i < bins.length; i++) into.set(bins[i], (into.get(bins[i]) ?? 0) + counts[i]);
}

export type BinSummary = { n: number; sorted: { bin: number; cumulative: number }[] };

/** The bins in order with the running count up to each, for rank look-ups. */
export function summarize(counts: BinCounts): BinSummary {
  const bins = [...counts.keys()].sort((a, b) => a - b);
  return summarizeDense(
    bins,
    bins.map((bin) => counts.get(bin)!),
  );
}

/** The value (ms) of the value at 0-based rank `rank` in ascending order. */
function valueAt(summary: BinSummary, rank: number): number {
  let lo = 0;
  let hi = summary.sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (summary.sorted[mid].cumulative > rank) hi = mid;
    else lo = mid + 1;
  }
  return summary.sorted[lo].bin / BINS_PER_MS;
}

export function binnedPercentile(summary: BinSummary, p: number): number {
  if (!summary.n) return NaN;
  const rank = p * (summary.n - 1);
  const lower = valueAt(summary, Math.floor(rank));
  const upper = valueAt(summary, Math.ceil(rank));
  return lower + (upper - lower) * (rank - Math.floor(rank));
}

/** The same from counts laid out densely: `counts[i]` values in bin `bins[i]` (`bins` ascending). */
export function summarizeDense(bins: ArrayLike<number>, counts: ArrayLike<number>): BinSummary {
  const sorted: BinSummary["sorted"] = [];
  let cumulative = 0;
  for (let i = 0; i < bins.length; i++) {
    if (!counts[i]) continue;
    cumulative += counts[i];
    sorted.push({ bin: bins[i], cumulative });
  }
  return { n: cumulative, sorted };
}

export function binnedMax(summary: BinSummary): number {
  return summary.n ? summary.sorted[summary.sorted.length - 1].bin / BINS_PER_MS : NaN;
}

/** The share of values above `thresholdMs`. */
export function binnedShareOver(summary: BinSummary, thresholdMs: number): number {
  if (!summary.n) return 0;
  let atOrBelow = 0;
  for (const { bin, cumulative } of summary.sorted) {
    if (bin / BINS_PER_MS > thresholdMs) break;
    atOrBelow = cumulative;
  }
  return (summary.n - atOrBelow) / summary.n;
}

/**
 * About `limit` values standing for the distribution, for the bootstrap
 * comparison of deployments: all of them when there are few, else the values
 * at evenly spaced ranks.
 */
export function representativeValues(summary: BinSummary, limit = 2000): number[] {
  if (summary.n <= limit) {
    const values: number[] = [];
    let previous = 0;
    for (const { bin, cumulative } of summary.sorted) {
      for (let i = previous; i < cumulative; i++) values.push(bin / BINS_PER_MS);
      previous = cumulative;
    }
    return values;
  }
  return Array.from({ length: limit }, (_, i) => valueAt(summary, Math.floor(((i + 0.5) * summary.n) / limit)));
}
