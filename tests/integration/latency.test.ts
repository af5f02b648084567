import { describe, expect, it } from "vitest";
import pg from "pg";
import { inject } from "vitest";
import { percentileCont } from "@/lib/latency/compare-deployments";
import { histogram, latencyByGroup, percentilesOverTime } from "@/lib/latency/get-latency";
import { latencyFiltersSchema } from "@/lib/latency/latency-filters";
import { rangeWindow } from "@/lib/latency/time-buckets";
import { fixture, newCallId, postWebhook } from "../support/http";

/** Calls of one fresh agent with known tts_ttfb values, sent through the webhook endpoint. */
async function seed(agent: string, perCall: number[][], at: (i: number) => Date, deployment?: string) {
  for (const [i, ttfbs] of perCall.entries()) {
    const id = newCallId();
    const body = ttfbs.map((ttfb, k) => ({ role: "assistant", text: `turn ${k}`, start_timestamp: k * 3, end_timestamp: k * 3 + 2, tts_ttfb: ttfb }));
    const d = fixture("webhooks/call_completed.call-object.json");
    await postWebhook({
      ...d,
      request_id: id,
      agent_id: agent,
      timestamp: at(i).toISOString(),
      call: { ...d.call, id, agent_id: agent, deployment_id: deployment ?? null, start_time: at(i).toISOString(), end_time: null, transcript: body },
    });
  }
}

describe("latency figures", () => {
  it("equal a reference computation exactly, per bucket and per agent", async () => {
    const agent = `agent_lat_${Date.now()}`;
    const now = new Date();
    const day = (i: number) => new Date(now.getTime() - (i % 2 ? 2 : 1) * 86400_000 - 3600_000);
    const values = [[0.2, 0.35, 0.41], [0.18, 0.9], [0.25, 0.3, 0.33, 0.6], [0.45]];
    await seed(agent, values, day);
    const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 });
    try {
      const filters = latencyFiltersSchema.parse({ agent, range: "7d", threshold: "400" });
      const all = values
        .flat()
        .map((v) => v * 1000)
        .sort((a, b) => a - b);
      const [group] = await latencyByGroup(pool, filters, "agent", rangeWindow(filters, now));
      expect(group.n).toBe(all.length);
      for (const [p, key] of [
        [0.5, "p50"],
        [0.95, "p95"],
        [0.99, "p99"],
      ] as const)
        expect(group[key]).toBeCloseTo(percentileCont(all, p), 9);
      expect(group.max).toBeCloseTo(900, 9);
      expect(group.over).toBeCloseTo(all.filter((v) => v > 400).length / all.length, 12);

      const series = await percentilesOverTime(pool, filters, rangeWindow(filters, now));
      expect(series.bucket.unit).toBe("day");
      const byDay = new Map<number, number[]>();
      values.forEach((vs, i) => {
        const d = day(i);
        const key = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
        byDay.set(key, [...(byDay.get(key) ?? []), ...vs.map((v) => v * 1000)]);
      });
      expect(series.rows.map((r) => r.bucket.getTime()).sort()).toEqual([...byDay.keys()].sort());
      for (const row of series.rows) {
        const ref = byDay.get(row.bucket.getTime())!.sort((a, b) => a - b);
        expect(row.n).toBe(ref.length);
        expect(row.p90).toBeCloseTo(percentileCont(ref, 0.9), 9);
      }

      const bins = await histogram(pool, filters, rangeWindow(filters, now));
      expect(bins.reduce((s, b) => s + b.n, 0)).toBe(all.length);
      expect(bins.find((b) => b.fromMs === 175)?.n).toBe(1); // 180 ms
    } finally {
      await pool.end();
    }
  });
});
