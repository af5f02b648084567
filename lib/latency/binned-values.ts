// Figures from binned values: counts per 0.1 ms bin, merged from hourly
// histograms. Percentiles follow percentile_cont (linear interpolation
// between the closest ranks) over the bins' values, so each is within half a
// bin (0.05 ms) of percentile_cont over the exact values.
import { BINS_PER_MS } from "./rollup";

/** Counts per bin; a bin is a value in tenths of a millisecond. */
export type BinCounts = Map<number, number>;

export function addBins(into: BinCounts, bins: ArrayLike<number>, counts: ArrayLike<number>) {
  for (let i = 0; i < bins.length; i++) into.set(bins[i], (into.get(bins[i]) ?? 0) + counts[i]);
}

/** The non-empty bins in order with the running count up to each, for rank look-ups (typed arrays: one pair per group, not one object per bin). */
export type BinSummary = { n: number; bins: Float64Array; cumulative: Float64Array };

/** The bins in order with the running count up to each, for rank look-ups. */
export function summarize(counts: BinCounts): BinSummary {
  const bins = [...counts.keys()].sort((a, b) => a - b);
  return summarizeDense(
    bins,
    bins.map((bin) => counts.get(bin)!),
  );
}

/** The index of the first bin whose running count exceeds `rank`. */
function indexAt(summary: BinSummary, rank: number): number {
  let lo = 0;
  let hi = summary.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (summary.cumulative[mid] > rank) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The value (ms) of the value at 0-based rank `rank` in ascending order. */
function valueAt(summary: BinSummary, rank: number): number {
  return summary.bins[indexAt(summary, rank)] / BINS_PER_MS;
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
  let present = 0;
  for (let i = 0; i < bins.length; i++) if (counts[i]) present++;
  const out = { n: 0, bins: new Float64Array(present), cumulative: new Float64Array(present) };
  let cumulative = 0;
  let j = 0;
  for (let i = 0; i < bins.length; i++) {
    if (!counts[i]) continue;
    cumulative += counts[i];
    out.bins[j] = bins[i];
    out.cumulative[j++] = cumulative;
  }
  out.n = cumulative;
  return out;
}

export function binnedMax(summary: BinSummary): number {
  return summary.n ? summary.bins[summary.bins.length - 1] / BINS_PER_MS : NaN;
}

/** The share of values above `thresholdMs`. */
export function binnedShareOver(summary: BinSummary, thresholdMs: number): number {
  if (!summary.n) return 0;
  let atOrBelow = 0;
  for (let i = 0; i < summary.bins.length; i++) {
    if (summary.bins[i] / BINS_PER_MS > thresholdMs) break;
    atOrBelow = summary.cumulative[i];
  }
  return (summary.n - atOrBelow) / summary.n;
}

/**
 * About `limit` values standing for the distribution, for the bootstrap
 * comparison of deployments: all of them when there are few, else the values
 * at evenly spaced ranks (ascending, so one sweep over the bins finds them all).
 */
export function representativeValues(summary: BinSummary, limit = 2000): number[] {
  const values: number[] = [];
  if (summary.n <= limit) {
    let previous = 0;
    for (let b = 0; b < summary.bins.length; b++) {
      for (let i = previous; i < summary.cumulative[b]; i++) values.push(summary.bins[b] / BINS_PER_MS);
      previous = summary.cumulative[b];
    }
    return values;
  }
  let b = 0;
  for (let i = 0; i < limit; i++) {
    const rank = Math.floor(((i + 0.5) * summary.n) / limit);
    while (summary.cumulative[b] <= rank) b++;
    values.push(summary.bins[b] / BINS_PER_MS);
  }
  return values;
}
