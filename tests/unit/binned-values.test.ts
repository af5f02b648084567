import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBins,
  type BinCounts,
  binnedMax,
  binnedPercentile,
  binnedShareOver,
  representativeValues,
  summarize,
  summarizeDense,
} from "@/lib/latency/binned-values";
import { percentileCont } from "@/lib/latency/compare-deployments";
import { BINS_PER_MS } from "@/lib/latency/rollup";

/** Values binned as the database bins them: to the nearest 0.1 ms. */
function bin(values: number[]): BinCounts {
  const counts: BinCounts = new Map();
  for (const v of values) addBins(counts, [Math.round(v * BINS_PER_MS)], [1]);
  return counts;
}

const latencies = fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 300 });

describe("figures from 0.1 ms bins", () => {
  it("percentiles are within 0.05 ms of percentile_cont over the exact values", () => {
    fc.assert(
      fc.property(latencies, fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        const exact = percentileCont(
          [...values].sort((a, b) => a - b),
          p,
        );
        expect(Math.abs(binnedPercentile(summarize(bin(values)), p) - exact)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
      { numRuns: 500 },
    );
  });

  it("are exact for values in whole tenths of a millisecond, as most latencies are sent", () => {
    const values = [412, 180, 950.5, 300, 300, 275.1];
    const sorted = [...values].sort((a, b) => a - b);
    const s = summarize(bin(values));
    expect(s.n).toBe(6);
    for (const p of [0, 0.5, 0.9, 0.95, 1]) expect(binnedPercentile(s, p)).toBeCloseTo(percentileCont(sorted, p), 9);
    expect(binnedMax(s)).toBe(950.5);
    expect(binnedShareOver(s, 300)).toBeCloseTo(2 / 6, 12);
    expect(binnedShareOver(s, 1000)).toBe(0);
    expect(binnedShareOver(s, 0)).toBe(1);
  });

  it("dense and sparse counts summarize alike", () => {
    const counts = bin([5, 5, 7.25, 100]);
    const bins = [...counts.keys()].sort((a, b) => a - b);
    expect(summarizeDense([0, ...bins, 2000], [0, ...bins.map((b) => counts.get(b)!), 0])).toEqual(summarize(counts));
  });

  it("merging histograms equals binning all values at once", () => {
    fc.assert(
      fc.property(latencies, latencies, (a, b) => {
        const merged = bin(a);
        const other = bin(b);
        addBins(merged, [...other.keys()], [...other.values()]);
        expect(summarize(merged)).toEqual(summarize(bin([...a, ...b])));
      }),
      { numRuns: 200 },
    );
  });

  it("representative values keep every value when few, and the quantiles when many", () => {
    const few = summarize(bin([1, 2, 2, 3]));
    expect(representativeValues(few)).toEqual([1, 2, 2, 3]);
    const many = summarize(bin(Array.from({ length: 10_000 }, (_, i) => i / 10)));
    const sample = representativeValues(many, 100);
    expect(sample).toHaveLength(100);
    expect(sample[0]).toBeCloseTo(5, 9);
    expect(sample[99]).toBeCloseTo(995, 9);
  });
});
