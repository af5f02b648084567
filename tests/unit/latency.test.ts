import { describe, expect, it } from "vitest";
import { bootstrapShift, mulberry32, percentileCont, resampler } from "@/lib/latency/compare-deployments";
import { prepareHistogram, preparePercentiles } from "@/lib/latency/prepare-latency-charts";
import { bucketFor, bucketStarts, startOf } from "@/lib/latency/time-buckets";

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

  it("draws each resample's percentiles from the same distribution as resampling and sorting", () => {
    // Few values with ties, so that every rank and position matters.
    const sorted = [3, 3, 5, 8, 8, 8, 13, 21, 34, 34, 55, 89, 144].map((v) => v / 10);
    const ps = [0.5, 0.9, 0.95];
    const draws = 20_000;
    const textbookRandom = mulberry32(11);
    const textbook = Array.from({ length: draws }, () => {
      const resample = Array.from(sorted, () => sorted[Math.floor(textbookRandom() * sorted.length)]).sort((a, b) => a - b);
      return ps.map((p) => percentileCont(resample, p));
    });
    const next = resampler(sorted, ps, mulberry32(12));
    const drawn = Array.from({ length: draws }, () => next());
    // Kolmogorov–Smirnov distance between the two samples of each percentile and of their differences
    // (which only match if the ranks are drawn jointly right); 0.025 is far above chance at 20,000 draws each.
    const ks = (a: number[], b: number[]) => {
      const values = [...new Set([...a, ...b])].sort((x, y) => x - y);
      const cdf = (xs: number[]) => {
        const s = [...xs].sort((x, y) => x - y);
        let i = 0;
        return values.map((v) => {
          while (i < s.length && s[i] <= v) i++;
          return i / s.length;
        });
      };
      const [ca, cb] = [cdf(a), cdf(b)];
      return Math.max(...ca.map((c, i) => Math.abs(c - cb[i])));
    };
    ps.forEach((_, k) =>
      expect(
        ks(
          textbook.map((r) => r[k]),
          drawn.map((r) => r[k]),
        ),
      ).toBeLessThan(0.025),
    );
    expect(
      ks(
        textbook.map((r) => r[2] - r[0]),
        drawn.map((r) => r[2] - r[0]),
      ),
    ).toBeLessThan(0.025);
    expect(
      ks(
        textbook.map((r) => r[1] - r[0]),
        drawn.map((r) => r[1] - r[0]),
      ),
    ).toBeLessThan(0.025);
    // Every value drawn is one of the data's, and the percentiles of one resample are in order.
    for (const r of drawn) {
      expect(r[0]).toBeLessThanOrEqual(r[1]);
      expect(r[1]).toBeLessThanOrEqual(r[2]);
    }
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
    const points = preparePercentiles(
      [{ bucket: new Date(t0 + 3600_000), agentId: null, n: 3, p50: 200.04, p90: 250, p95: 260, p99: 270 }],
      [t0, t0 + 3600_000],
    );
    expect(points).toEqual([
      { t: t0, n: 0, p50: null, p90: null, p95: null, p99: null },
      { t: t0 + 3600_000, n: 3, p50: 200, p90: 250, p95: 260, p99: 270 },
    ]);
  });

  it("histogram keeps its bins and trims the empty tail", () => {
    const bars = prepareHistogram([
      { fromMs: 200, toMs: 225, n: 4 },
      { fromMs: 2000, toMs: Infinity, n: 1 },
    ]);
    expect(bars).toHaveLength(81);
    expect(bars[8]).toEqual({ label: "200", fromMs: 200, n: 4 });
    expect(bars.at(-1)).toEqual({ label: "≥2000", fromMs: 2000, n: 1 });
    expect(prepareHistogram([{ fromMs: 100, toMs: 125, n: 2 }])).toHaveLength(21);
  });
});
