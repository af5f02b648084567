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

/** A standard normal variate (Box–Muller). */
function normal(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) variate for shape ≥ 1 (Marsaglia and Tsang). */
function gamma(shape: number, random: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function beta(a: number, b: number, random: () => number): number {
  // Beta(1, b) and Beta(a, 1) have closed forms: the next rank up from one already drawn is Beta(1, ·),
  // which every percentile between two ranks needs.
  if (a === 1) return 1 - Math.pow(1 - random(), 1 / b);
  if (b === 1) return Math.pow(1 - random(), 1 / a);
  const x = gamma(a, random);
  return x / (x + gamma(b, random));
}

/**
 * Percentiles of bootstrap resamples of `sorted` (values in ascending order),
 * one resample per call of the returned function. A resample draws n
 * positions floor(n·U) from n uniform U; its k-th smallest value is therefore
 * sorted[floor(n·U(k))], where U(k) is the k-th smallest of the n uniforms.
 * Only the ranks percentile_cont needs are drawn, each from its exact
 * distribution given the one below it (Beta spacings): a few variates per
 * resample instead of n.
 */
export function resampler(sorted: ArrayLike<number>, ps: number[], random: () => number): () => number[] {
  const n = sorted.length;
  const ranks = [...new Set(ps.flatMap((p) => [Math.floor(p * (n - 1)), Math.ceil(p * (n - 1))]))].sort((a, b) => a - b);
  const values = new Map<number, number>();
  return () => {
    let u = 0;
    let below = -1;
    for (const rank of ranks) {
      // The (rank+1)-th smallest of n uniforms, given that the (below+1)-th is u.
      u += (1 - u) * beta(rank - below, n - rank, random);
      values.set(rank, sorted[Math.min(n - 1, Math.floor(u * n))]);
      below = rank;
    }
    return ps.map((p) => {
      const rank = p * (n - 1);
      const lo = values.get(Math.floor(rank))!;
      return lo + (values.get(Math.ceil(rank))! - lo) * (rank - Math.floor(rank));
    });
  };
}

/** The change at each percentile of `ps`, from the same resamples; null where a side has fewer than two values. */
export function bootstrapShifts(before: number[], after: number[], ps: number[], iterations = 500, seed = 7): (Shift | null)[] {
  if (before.length < 2 || after.length < 2) return ps.map(() => null);
  const sortedBefore = Float64Array.from(before).sort();
  const sortedAfter = Float64Array.from(after).sort();
  const random = mulberry32(seed);
  const resampleAfter = resampler(sortedAfter, ps, random);
  const resampleBefore = resampler(sortedBefore, ps, random);
  const changes = ps.map(() => new Float64Array(iterations));
  for (let i = 0; i < iterations; i++) {
    const a = resampleAfter();
    const b = resampleBefore();
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
