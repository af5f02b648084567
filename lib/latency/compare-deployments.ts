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
export function mulberry32(seed: number) {
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

/**
 * One bootstrap resample of `sorted` (values in ascending order), read at the
 * ranks percentile_cont needs for each of `ps`. The resample is kept as a
 * count per original position, so it comes out in order without a sort:
 * O(n) per resample instead of O(n log n).
 */
function resampledPercentiles(sorted: Float64Array, ps: number[], random: () => number, counts: Int32Array): number[] {
  const n = sorted.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[Math.floor(random() * n)]++;
  const wanted = ps.flatMap((p) => [Math.floor(p * (n - 1)), Math.ceil(p * (n - 1))]);
  const order = wanted.map((rank, i) => [rank, i]).sort((a, b) => a[0] - b[0]);
  const values = new Array<number>(wanted.length);
  let position = 0;
  let seen = counts[0];
  for (const [rank, i] of order) {
    while (seen <= rank) seen += counts[++position];
    values[i] = sorted[position];
  }
  return ps.map((p, k) => {
    const rank = p * (n - 1);
    return values[2 * k] + (values[2 * k + 1] - values[2 * k]) * (rank - Math.floor(rank));
  });
}

/** The change at each percentile of `ps`, from the same resamples; null where a side has fewer than two values. */
export function bootstrapShifts(before: number[], after: number[], ps: number[], iterations = 500, seed = 7): (Shift | null)[] {
  if (before.length < 2 || after.length < 2) return ps.map(() => null);
  const sortedBefore = Float64Array.from(before).sort();
  const sortedAfter = Float64Array.from(after).sort();
  const random = mulberry32(seed);
  const countsBefore = new Int32Array(sortedBefore.length);
  const countsAfter = new Int32Array(sortedAfter.length);
  const changes = ps.map(() => new Float64Array(iterations));
  for (let i = 0; i < iterations; i++) {
    const a = resampledPercentiles(sortedAfter, ps, random, countsAfter);
    const b = resampledPercentiles(sortedBefore, ps, random, countsBefore);
    ps.forEach((_, k) => (changes[k][i] = a[k] - b[k]));
  }
  return ps.map((p, k) => {
    const base = percentileCont(sortedBefore, p);
    const next = percentileCont(sortedAfter, p);
    const sortedChanges = changes[k].sort();
    const low = percentileCont(sortedChanges, 0.025);
    const high = percentileCont(sortedChanges, 0.975);
    return { before: base, after: next, change: next - base, low, high, significant: low > 0 || high < 0 };
  });
}

export function bootstrapShift(before: number[], after: number[], p: number, iterations = 500, seed = 7): Shift | null {
  return bootstrapShifts(before, after, [p], iterations, seed)[0];
}
