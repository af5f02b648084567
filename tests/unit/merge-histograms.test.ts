import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentileCont } from "@/lib/latency/compare-deployments";
import { latencyFiltersSchema } from "@/lib/latency/latency-filters";
import { figuresFromHistograms, type HourRow, unpackHistogram } from "@/lib/latency/latency-from-rollups";
import { BINS_PER_MS } from "@/lib/latency/rollup";
import { rangeWindow, startOf } from "@/lib/latency/time-buckets";

const HOUR = 3600_000;
const DAY = 86400_000;
const NOW = new Date("2026-03-20T00:00:00Z");

type Value = { hour: number; agent: string; deployment: string; ms: number };

/** One histogram per (hour, agent, deployment), as latency_hourly keeps them. */
function hourRows(values: Value[]): HourRow[] {
  const groups = new Map<string, { row: HourRow; counts: Map<number, number> }>();
  for (const v of values) {
    const key = `${v.hour}|${v.agent}|${v.deployment}`;
    const g =
      groups.get(key) ??
      groups
        .set(key, { row: { kind: "hour", hour: new Date(v.hour), agent_id: v.agent, deployment_id: v.deployment, bins: [], counts: [] }, counts: new Map() })
        .get(key)!;
    const bin = Math.round(v.ms * BINS_PER_MS);
    g.counts.set(bin, (g.counts.get(bin) ?? 0) + 1);
  }
  return [...groups.values()].map(({ row, counts }) => {
    const bins = [...counts.keys()].sort((a, b) => a - b);
    return { ...row, bins, counts: bins.map((b) => counts.get(b)!) };
  });
}

/** The same values as whole UTC days from latency_daily, plus each hour that belongs to another local day, "moved". */
function dayRows(values: Value[], timeZone: string, starts: number[]): HourRow[] {
  const bucketOf = (t: number) => starts.filter((s) => s <= t).at(-1)!;
  const days = hourRows(values.map((v) => ({ ...v, hour: Math.floor(v.hour / DAY) * DAY }))).map((r) => ({ ...r, kind: "day" as const }));
  const moved = hourRows(values.filter((v) => bucketOf(v.hour) !== bucketOf(Math.floor(v.hour / DAY) * DAY + 12 * HOUR))).map((r) => ({
    ...r,
    kind: "moved" as const,
  }));
  expect(startOf(NOW, "hour", timeZone) % HOUR).toBe(0);
  return [...days, ...moved];
}

const values = fc.array(
  fc.record({
    hour: fc.integer({ min: 1, max: 29 * 24 - 1 }).map((h) => NOW.getTime() - 29 * DAY - 12 * HOUR + h * HOUR),
    agent: fc.constantFrom("agent_a", "agent_b"),
    deployment: fc.constantFrom("dep_1", "dep_2", ""),
    ms: fc.integer({ min: 0, max: 30_000 }).map((tenths) => tenths / 10),
  }),
  { minLength: 1, maxLength: 200 },
);

describe("merging histograms into the latency page's figures", () => {
  it("gives each agent the exact percentiles of its values", () => {
    fc.assert(
      fc.property(values, (vs) => {
        const filters = latencyFiltersSchema.parse({ range: "30d", threshold: "500" });
        const figures = figuresFromHistograms(hourRows(vs), filters, rangeWindow(filters, NOW));
        for (const row of figures.byAgent) {
          const own = vs
            .filter((v) => v.agent === row.key)
            .map((v) => v.ms)
            .sort((a, b) => a - b);
          expect(row.n).toBe(own.length);
          expect(row.p50).toBeCloseTo(percentileCont(own, 0.5), 9);
          expect(row.p95).toBeCloseTo(percentileCont(own, 0.95), 9);
          expect(row.max).toBe(own.at(-1));
          expect(row.over).toBeCloseTo(own.filter((ms) => ms > 500).length / own.length, 12);
        }
        expect(figures.byDeployment.map((r) => r.key)).toEqual([...new Set(vs.map((v) => v.deployment).filter(Boolean))].sort());
        expect(figures.histogram.reduce((s, b) => s + b.n, 0)).toBe(vs.length);
        expect(figures.series.reduce((s, r) => s + r.n, 0)).toBe(vs.length);
      }),
      { numRuns: 200 },
    );
  });

  it("counts day histograms with moved hours as it counts the hours themselves, in any time zone", () => {
    fc.assert(
      fc.property(values, fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"), fc.constantFrom("none", "agent"), (vs, tz, compare) => {
        const filters = latencyFiltersSchema.parse({ range: "30d", tz, compare });
        const window = rangeWindow(filters, NOW);
        const fromHours = figuresFromHistograms(hourRows(vs), filters, window);
        const fromDays = figuresFromHistograms(dayRows(vs, tz, window.starts), filters, window);
        expect(fromDays.series).toEqual(fromHours.series);
        expect(fromDays.byAgent).toEqual(fromHours.byAgent);
        expect(fromDays.histogram).toEqual(fromHours.histogram);
        for (const row of fromHours.series) expect(window.starts).toContain(row.bucket.getTime());
      }),
      { numRuns: 200 },
    );
  });
});

describe("a histogram's packed pairs", () => {
  /** The pairs as Postgres's int4send writes them: big-endian, bin then count. */
  const pack = (pairs: [number, number][]) => {
    const out = Buffer.alloc(pairs.length * 8);
    pairs.forEach(([bin, n], i) => {
      out.writeInt32BE(bin, i * 8);
      out.writeInt32BE(n, i * 8 + 4);
    });
    return out;
  };

  it("read back as the bins and counts they were made of, negative bins and any place in a larger buffer included", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer(), fc.nat())), fc.nat(7), (pairs, offset) => {
        // A buffer that starts inside a larger one, as a pooled Buffer does.
        const packed = Buffer.concat([Buffer.alloc(offset, 0xff), pack(pairs)]).subarray(offset);
        const { bins, counts } = unpackHistogram(packed);
        expect([...bins]).toEqual(pairs.map(([bin]) => bin));
        expect([...counts]).toEqual(pairs.map(([, n]) => n));
      }),
      { numRuns: 300 },
    );
    expect(unpackHistogram(Buffer.alloc(0))).toEqual({ bins: new Int32Array(0), counts: new Int32Array(0) });
  });
});
