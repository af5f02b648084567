import { describe, expect, it } from "vitest";
import { bootstrapShift, bootstrapShifts, mulberry32, percentileCont } from "@/lib/latency/compare-deployments";
import { bucketFor } from "@/lib/latency/latency-filters";
import { bucketStarts, prepareHistogram, preparePercentiles, startOf } from "@/lib/latency/prepare-latency-charts";

describe("percentiles", () => {
  it("interpolate between the closest ranks like percentile_cont", () => {
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileCont([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48, 10);
    expect(percentileCont([7], 0.99)).toBe(7);
  });
});

describe("deployment comparison", () => {
  const noise = (n: number, base: number, seed: number) => {
    let s = seed;
    return Array.from({ length: n }, () => {
      s = (s * 16807) % 2147483647;
      return base + ((s % 1000) / 1000) * 100;
    });
  };

  it("finds a real shift", () => {
    const shift = bootstrapShift(noise(800, 200, 1), noise(800, 300, 2), 0.5)!;
    expect(shift.change).toBeGreaterThan(80);
    expect(shift.significant).toBe(true);
    expect(shift.low).toBeGreaterThan(0);
  });

  it("calls the same distribution noise", () => {
    const shift = bootstrapShift(noise(800, 200, 3), noise(800, 200, 4), 0.95)!;
    expect(shift.significant).toBe(false);
    expect(shift.low).toBeLessThan(0);
    expect(shift.high).toBeGreaterThan(0);
  });

  it("resamples exactly as sorting each resample would, for several percentiles at once", () => {
    const before = noise(300, 200, 5);
    const after = noise(250, 230, 6);
    const ps = [0.5, 0.95];
    // The textbook bootstrap with the same random draws: resample, sort, read the percentile.
    const random = mulberry32(7);
    const sortedBefore = [...before].sort((a, b) => a - b);
    const sortedAfter = [...after].sort((a, b) => a - b);
    const resample = (sorted: number[]) => Array.from(sorted, () => sorted[Math.floor(random() * sorted.length)]).sort((a, b) => a - b);
    const changes: number[][] = ps.map(() => []);
    for (let i = 0; i < 200; i++) {
      const a = resample(sortedAfter);
      const b = resample(sortedBefore);
      ps.forEach((p, k) => changes[k].push(percentileCont(a, p) - percentileCont(b, p)));
    }
    const shifts = bootstrapShifts(before, after, ps, 200);
    ps.forEach((p, k) => {
      const sorted = changes[k].sort((x, y) => x - y);
      expect(shifts[k]!.low).toBeCloseTo(percentileCont(sorted, 0.025), 9);
      expect(shifts[k]!.high).toBeCloseTo(percentileCont(sorted, 0.975), 9);
      expect(shifts[k]!.change).toBeCloseTo(percentileCont(sortedAfter, p) - percentileCont(sortedBefore, p), 9);
    });
  });

  it("needs data on both sides", () => {
    expect(bootstrapShift([1], [2, 3], 0.5)).toBeNull();
  });
});

describe("buckets", () => {
  it("are chosen from the range", () => {
    expect(bucketFor(6 * 3600).unit).toBe("5 minutes");
    expect(bucketFor(86400).unit).toBe("hour");
    expect(bucketFor(7 * 86400).unit).toBe("day");
  });

  it("start at local midnight in the time zone, across a daylight saving change", () => {
    // Berlin leaves summer time on 2025-10-26: that day has 25 hours.
    const starts = bucketStarts(new Date("2025-10-25T12:00:00Z"), new Date("2025-10-27T12:00:00Z"), bucketFor(7 * 86400), "Europe/Berlin");
    expect(starts.map((t) => new Date(t).toISOString())).toEqual(["2025-10-24T22:00:00.000Z", "2025-10-25T22:00:00.000Z", "2025-10-26T23:00:00.000Z"]);
    expect(startOf(new Date("2025-06-24T23:36:40Z"), "day", "UTC")).toBe(Date.parse("2025-06-24T00:00:00Z"));
    expect(startOf(new Date("2025-06-24T23:36:40Z"), "hour", "Asia/Kolkata")).toBe(Date.parse("2025-06-24T23:30:00Z"));
  });

  it("leave gaps for empty buckets", () => {
    const t0 = Date.parse("2025-06-24T00:00:00Z");
    const points = preparePercentiles([{ bucket: new Date(t0 + 3600_000), agentId: null, n: 3, p50: 200.04, p90: 250, p95: 260, p99: 270 }], [t0, t0 + 3600_000]);
    expect(points).toEqual([
      { t: t0, n: 0, p50: null, p90: null, p95: null, p99: null },
      { t: t0 + 3600_000, n: 3, p50: 200, p90: 250, p95: 260, p99: 270 },
    ]);
  });

  it("histogram keeps its bins and trims the empty tail", () => {
    const bars = prepareHistogram([{ fromMs: 200, toMs: 225, n: 4 }, { fromMs: 2000, toMs: Infinity, n: 1 }]);
    expect(bars).toHaveLength(81);
    expect(bars[8]).toEqual({ label: "200", fromMs: 200, n: 4 });
    expect(bars.at(-1)).toEqual({ label: "≥2000", fromMs: 2000, n: 1 });
    expect(prepareHistogram([{ fromMs: 100, toMs: 125, n: 2 }])).toHaveLength(21);
  });
});
