// Did a deployment change latency, or is the difference noise? The change
// in p50 and p95 against the previous deployment of the same agent, with a
// bootstrap interval: resample both sets, recompute the difference many
// times, and keep the middle 95%. An interval that excludes zero is more
// than noise.

/** Percentile with linear interpolation between the closest ranks: Postgres's percentile_cont. */
export function percentileCont(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** A small, seeded generator, so the same data always gives the same interval. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Shift = { before: number; after: number; change: number; low: number; high: number; significant: boolean };

export function bootstrapShift(before: number[], after: number[], p: number, iterations = 500, seed = 7): Shift | null {
  if (before.length < 2 || after.length < 2) return null;
  const sortedBefore = [...before].sort((x, y) => x - y);
  const sortedAfter = [...after].sort((x, y) => x - y);
  const base = percentileCont(sortedBefore, p);
  const next = percentileCont(sortedAfter, p);
  const random = mulberry32(seed);
  // Typed arrays sort numerically and many times faster than arrays with a comparator.
  const resample = (values: number[]): Float64Array => {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = values[Math.floor(random() * values.length)];
    return out.sort();
  };
  const changes: number[] = [];
  for (let i = 0; i < iterations; i++) changes.push(percentileCont(resample(after), p) - percentileCont(resample(before), p));
  changes.sort((x, y) => x - y);
  const low = percentileCont(changes, 0.025);
  const high = percentileCont(changes, 0.975);
  return { before: base, after: next, change: next - base, low, high, significant: low > 0 || high < 0 };
}
