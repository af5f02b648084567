// The hourly histograms against the raw turns: after a rebuild, and for
// hours changed since, the page's figures from the histograms stay within
// half a bin (0.05 ms) of percentile_cont over the raw values, with the
// same counts.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { histogram, latencyByGroup, percentilesOverTime } from "@/lib/latency/get-latency";
import { latencyFromRollups } from "@/lib/latency/latency-from-rollups";
import { latencyFiltersSchema } from "@/lib/latency/latency-filters";
import { unpackHistogram } from "@/lib/latency/latency-from-rollups";
import { rebuildChangedHours } from "@/lib/latency/rollup";
import { rangeWindow } from "@/lib/latency/time-buckets";
import { fixture, newCallId, postWebhook } from "../support/http";

const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 3 });
afterAll(() => pool.end());

async function sendCall(agent: string, deployment: string, at: Date, ttfbs: number[]) {
  const id = newCallId();
  const d = fixture("webhooks/call_completed.call-object.json");
  const transcript = ttfbs.map((ttfb, k) => ({ role: "assistant", text: `turn ${k}`, start_timestamp: k * 3, end_timestamp: k * 3 + 2, tts_ttfb: ttfb }));
  const res = await postWebhook({
    ...d,
    request_id: id,
    agent_id: agent,
    timestamp: at.toISOString(),
    call: { ...d.call, id, agent_id: agent, deployment_id: deployment, start_time: at.toISOString(), end_time: null, transcript },
  });
  expect(res.status).toBe(200);
  return id;
}

/** Rebuilds until no hour is pending (the server's own rebuilder may take a round meanwhile). */
async function rebuildAll() {
  for (let i = 0; i < 100; i++) {
    await rebuildChangedHours(pool, 0);
    const [{ pending }] = (await pool.query("select count(*)::int as pending from latency_changes")).rows;
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("hours stayed pending");
}

async function expectSameAsRaw(agent: string, range: "7d" | "30d", tz: string, now: Date, metric = "tts_ttfb") {
  for (const compare of ["none", "agent"]) {
    const filters = latencyFiltersSchema.parse({ agent, range, tz, compare, metric, threshold: "420" });
    const fromRollups = await latencyFromRollups(pool, filters, rangeWindow(filters, now));
    const [series, byAgent, byDeployment, bins] = await Promise.all([
      percentilesOverTime(pool, filters, rangeWindow(filters, now)),
      latencyByGroup(pool, filters, "agent", rangeWindow(filters, now)),
      latencyByGroup(pool, filters, "deployment", rangeWindow(filters, now)),
      histogram(pool, filters, rangeWindow(filters, now)),
    ]);
    expect(fromRollups.series.map((r) => [r.bucket.getTime(), r.agentId, r.n])).toEqual(series.rows.map((r) => [r.bucket.getTime(), r.agentId, r.n]));
    fromRollups.series.forEach((r, i) => {
      for (const key of ["p50", "p90", "p95", "p99"] as const) expect(Math.abs(r[key] - series.rows[i][key])).toBeLessThanOrEqual(0.05 + 1e-9);
    });
    for (const [mine, raw] of [
      [fromRollups.byAgent, byAgent],
      [fromRollups.byDeployment, byDeployment],
    ] as const) {
      expect(mine.map((r) => [r.key, r.agentId, r.n, r.over])).toEqual(raw.map((r) => [r.key, r.agentId, r.n, r.over]));
      mine.forEach((r, i) => {
        for (const key of ["p50", "p95", "p99", "max"] as const) expect(Math.abs(r[key] - raw[i][key])).toBeLessThanOrEqual(0.05 + 1e-9);
      });
    }
    expect(fromRollups.histogram).toEqual(bins);
  }
}

describe("latency histograms", () => {
  it("give the raw figures within 0.05 ms, before and after a rebuild, across hours, days and a DST change", async () => {
    const agent = `agent_roll_${Date.now()}`;
    const now = new Date();
    const hour = 3600_000;
    // Values with fractions of a tenth, so the bins do round; calls spread over 20 days and many hours.
    const calls: [Date, number[]][] = Array.from({ length: 24 }, (_, i) => [
      new Date(now.getTime() - (i * 19 + 1) * hour - i * 61_000),
      [0.2 + i / 1000 + 0.00003, 0.41 + ((i * 7) % 13) / 100, 0.9 - i / 997],
    ]);
    for (const [i, [at, values]] of calls.entries()) await sendCall(agent, `dep_roll_${agent}_${i % 3}`, at, values);

    // Nothing rebuilt yet: every hour is read raw.
    await expectSameAsRaw(agent, "30d", "UTC", now);
    await rebuildAll();
    const [{ n }] = (await pool.query("select count(*)::int as n from latency_hourly where agent_id = $1", [agent])).rows;
    expect(n).toBeGreaterThan(0);
    // The packed pairs the latency page reads hold the very arrays that /metrics reads.
    const { rows: stored } = await pool.query(
      "select packed, bins, counts from latency_hourly where agent_id = $1 union all select packed, bins, counts from latency_daily where agent_id = $1",
      [agent],
    );
    for (const row of stored) {
      const { bins, counts } = unpackHistogram(row.packed);
      expect([...bins]).toEqual(row.bins);
      expect([...counts]).toEqual(row.counts);
    }
    await expectSameAsRaw(agent, "30d", "UTC", now);
    await expectSameAsRaw(agent, "7d", "Europe/Berlin", now);
    await expectSameAsRaw(agent, "30d", "America/New_York", now);

    // A change after the rebuild is read raw until the next one, then from the histograms.
    // In zones whose days are not UTC days, the day histograms are read too, with the hours at their edges moved.
    await sendCall(agent, `dep_roll_${agent}_0`, new Date(now.getTime() - 5 * hour), [0.123, 0.4567]);
    await sendCall(agent, `dep_roll_${agent}_1`, new Date(Math.floor(now.getTime() / 86400_000) * 86400_000 - 2 * 86400_000 - hour / 2), [0.31, 0.77]);
    for (const tz of ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"]) await expectSameAsRaw(agent, "30d", tz, now);
    await rebuildAll();
    for (const tz of ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland"]) await expectSameAsRaw(agent, "30d", tz, now);
  });

  it("follow a call that moves to another hour or deployment", async () => {
    const agent = `agent_move_${Date.now()}`;
    const now = new Date();
    const id = await sendCall(agent, "dep_move_a", new Date(now.getTime() - 30 * 3600_000), [0.3, 0.5]);
    await rebuildAll();
    await pool.query("update calls set sort_time = sort_time - interval '3 days', deployment_id = null where id = $1", [id]);
    await expectSameAsRaw(agent, "7d", "UTC", now);
    await rebuildAll();
    await expectSameAsRaw(agent, "7d", "UTC", now);
    const filters = latencyFiltersSchema.parse({ agent, range: "7d" });
    const figures = await latencyFromRollups(pool, filters, rangeWindow(filters, now));
    expect(figures.byDeployment).toEqual([]);
    expect(figures.byAgent[0].n).toBe(2);
  });

  it("keep response gaps as they keep tts_ttfb: within 0.05 ms of the raw gaps, negative ones included", async () => {
    const agent = `agent_gaps_${Date.now()}`;
    const now = new Date();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = newCallId();
      ids.push(id);
      const at = new Date(now.getTime() - (i * 37 + 2) * 3600_000);
      const gap = [0.35, 1.2004, -0.4, 0.87][i % 4] + i / 1000;
      const transcript = [
        { role: "user", text: "hello", start_timestamp: 0.5, end_timestamp: 2 },
        { role: "assistant", text: "hi", start_timestamp: 2 + gap, end_timestamp: 4 + gap, tts_ttfb: 0.2 },
        { role: "user", text: "bye", start_timestamp: 5 + gap, end_timestamp: 6 + gap },
        { role: "assistant", text: "bye", start_timestamp: 6.31 + gap + i / 100, end_timestamp: 7 + gap + i / 100, tts_ttfb: 0.2 },
      ];
      const d = fixture("webhooks/call_completed.call-object.json");
      const call = { ...d.call, id, agent_id: agent, deployment_id: `dep_gaps_${agent}_${i % 2}`, start_time: at.toISOString(), end_time: null, transcript };
      expect((await postWebhook({ ...d, request_id: id, agent_id: agent, timestamp: at.toISOString(), call })).status).toBe(200);
    }
    // The conversation worker measures each finished call.
    for (let i = 0; i < 100; i++) {
      const [{ n }] = (await pool.query("select count(*)::int as n from response_gaps where call_id = any($1::text[])", [ids])).rows;
      if (n === 24) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await expectSameAsRaw(agent, "30d", "UTC", now, "response_gap");
    await rebuildAll();
    const [{ n }] = (await pool.query("select count(*)::int as n from latency_hourly where agent_id = $1 and metric = 'response_gap'", [agent])).rows;
    expect(n).toBeGreaterThan(0);
    for (const tz of ["UTC", "Europe/Berlin", "America/New_York"]) await expectSameAsRaw(agent, "30d", tz, now, "response_gap");
  });

  it("send a stored histogram once while its row stays the same, again once it is rebuilt, and never mix up two rows", async () => {
    const agent = `agent_held_${Date.now()}`;
    const now = new Date();
    const day = 86400_000;
    const today = Math.floor(now.getTime() / day) * day;
    // Ids are whatever an agent sent: these two pairs would read the same if joined with the separator.
    const split = `${agent}|x`;
    await sendCall(agent, "dep_held|x", new Date(today - 3 * day + 3600_000), [0.25, 0.5]);
    await sendCall(split, "dep_held", new Date(today - 3 * day + 2 * 3600_000), [0.9, 1.4]);
    await sendCall(agent, "dep_held|x", new Date(today - 5 * day + 3600_000), [0.3]);
    await rebuildAll();

    // Counts the histograms Postgres sends (a held one comes back without its bytes).
    let sent = 0;
    const counting = new Proxy(pool, {
      get(target, key) {
        if (key !== "query") return Reflect.get(target, key);
        return async (...args: Parameters<pg.Pool["query"]>) => {
          const result = await (target.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
          for (const row of result.rows) if (row.packed && row.kind === "day") sent++;
          return result;
        };
      },
    });
    const read = async (who: string) => {
      const filters = latencyFiltersSchema.parse({ agent: who, range: "7d" });
      return latencyFromRollups(counting, filters, rangeWindow(filters, now));
    };
    const first = await read(agent);
    expect(sent).toBe(2);
    expect(first.byDeployment.map((r) => [r.key, r.n])).toEqual([["dep_held|x", 3]]);
    sent = 0;
    expect(await read(agent)).toEqual(first);
    expect(sent).toBe(0);
    // The other agent's row of the same day is its own, not the one held for the first.
    const other = await read(split);
    expect(sent).toBe(1);
    expect(other.byDeployment.map((r) => [r.key, r.n, r.max])).toEqual([["dep_held", 2, 1400]]);

    // A late call to an old day rebuilds that day: it alone is sent again, and counted.
    sent = 0;
    await sendCall(agent, "dep_held|x", new Date(today - 5 * day + 7200_000), [0.7]);
    await rebuildAll();
    const after = await read(agent);
    expect(sent).toBe(1);
    expect(after.byDeployment.map((r) => [r.key, r.n])).toEqual([["dep_held|x", 4]]);
    await expectSameAsRaw(agent, "7d", "UTC", now);
  });
});
