// A percentile monitor over hours reads the latency histograms for the calls
// of its whole hours and the raw values only at its edges. Its figure stays
// within half a bin (0.05 ms) of percentile_cont over every value whose own
// time (its call's start plus its offset) is in the window, with the same
// count: for calls that span either edge, for values of the whole hours'
// calls that fall after the window, in one deployment, and before and after
// the histograms are rebuilt.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { rebuildChangedHours } from "@/lib/latency/rollup";
import type { MonitorMetric } from "@/lib/monitors/monitor-definitions";
import { measure } from "@/lib/monitors/monitor-metrics";
import { fixture, newCallId, postWebhook } from "../support/http";

const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 3 });
afterAll(() => pool.end());

const MIN = 60_000;
const HOUR = 60 * MIN;
// A time some minutes past an hour, two days back: the window's edges fall inside hours.
const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR + 34 * MIN + 56_789);
const FROM = new Date(NOW.getTime() - 24 * HOUR);
const FIRST_WHOLE = Math.floor(FROM.getTime() / HOUR) * HOUR + HOUR;
const LAST_WHOLE = Math.floor(NOW.getTime() / HOUR) * HOUR;
const agent = `agent_monitor_windows_${Date.now()}`;
const ids: string[] = [];

/** A call of alternating user and assistant turns every `everyS` seconds from `firstS`, each answer with its own tts_ttfb. */
async function sendCall(start: number, turns: number, firstS: number, everyS: number, deployment = `dep_${agent}_a`) {
  const id = newCallId();
  ids.push(id);
  const transcript = Array.from({ length: turns }, (_, k) => {
    const at = firstS + k * everyS;
    const assistant = k % 2 === 1;
    // Answers a little late or early, so that the gaps differ; tts_ttfb over a wide range, in odd fractions of a ms.
    const startS = assistant ? at + ((k * 37) % 11) / 10 - 0.3 : at;
    return {
      role: assistant ? "assistant" : "user",
      text: `turn ${k}`,
      start_timestamp: startS,
      end_timestamp: startS + 1.5,
      ...(assistant ? { tts_ttfb: 0.15 + ((k * 7919 + ids.length * 104729) % 2000) / 1777 } : {}),
    };
  });
  const d = fixture("webhooks/call_completed.call-object.json");
  // It ends with its last turn, as a real call does: a monitor takes no value of a call to be later than its end.
  const endTime = new Date(start + transcript[transcript.length - 1].end_timestamp * 1000).toISOString();
  const call = { ...d.call, id, agent_id: agent, deployment_id: deployment, start_time: new Date(start).toISOString(), end_time: endTime, transcript };
  expect((await postWebhook({ ...d, request_id: id, agent_id: agent, timestamp: endTime, call })).status).toBe(200);
}

/** The figure as the raw values define it: percentile_cont over every value whose time is in the window. */
async function exact(metric: MonitorMetric, from: Date, to: Date, deployment: string | null) {
  const column = metric === "tts_ttfb_p95_ms" ? "t.tts_ttfb * 1000" : metric === "response_gap_p95_ms" ? "g.gap_ms" : `g.${metric.slice(6, -7)}_ms`;
  const time =
    metric === "tts_ttfb_p95_ms" ? "c.sort_time + t.start_s * interval '1 second'" : "c.sort_time + s.starts[g.turn_index + 1] * interval '1 second'";
  const values =
    metric === "tts_ttfb_p95_ms"
      ? "from calls c join turns t on t.call_id = c.id"
      : `from calls c cross join lateral (select array_agg(t.start_s order by t.position) as starts from turns t
           where t.call_id = c.id and t.role in ('user', 'assistant')) s join response_gaps g on g.call_id = c.id`;
  const { rows } = await pool.query(
    `select percentile_cont(0.95) within group (order by ${column}) as value, count(${column})::int as count ${values}
     where c.agent_id = $3 and ($4::text is null or c.deployment_id = $4) and c.sort_time > $1::timestamptz - interval '6 hours'
       and c.sort_time <= $2::timestamptz and (c.end_time is null or c.end_time > $1::timestamptz)
       and ${column} is not null and ${time} > $1::timestamptz and ${time} <= $2::timestamptz`,
    [from, to, agent, deployment],
  );
  return { value: rows[0].value === null ? null : Number(rows[0].value), count: rows[0].count as number };
}

const METRICS: MonitorMetric[] = [
  "tts_ttfb_p95_ms",
  "response_gap_p95_ms",
  "stage_endpointing_p95_ms",
  "stage_stt_p95_ms",
  "stage_llm_p95_ms",
  "stage_tts_p95_ms",
  "stage_unattributed_p95_ms",
];

async function expectExact(windowMinutes: number, deployment: string | null = null) {
  const from = new Date(NOW.getTime() - windowMinutes * MIN);
  for (const metric of METRICS) {
    const scope = { metric, agentId: agent, deploymentId: deployment, evaluation: null, windowMinutes };
    const [figure, raw] = await Promise.all([measure(pool, scope, NOW), exact(metric, from, NOW, deployment)]);
    expect(figure.count, `${metric} over ${windowMinutes} min`).toBe(raw.count);
    if (raw.value === null) expect(figure.value).toBeNull();
    else expect(Math.abs(figure.value! - raw.value), `${metric} over ${windowMinutes} min`).toBeLessThanOrEqual(0.05 + 1e-9);
  }
}

describe("a percentile monitor over hours", () => {
  beforeAll(async () => {
    // Started 3 hours before the window and still talking 5 hours later: its values on both sides of the window's start.
    await sendCall(FROM.getTime() - 3 * HOUR, 40, 60, 450);
    // Started before the longest call the window looks back for: none of its values count.
    await sendCall(FROM.getTime() - 7 * HOUR, 10, 7.5 * 3600, 30);
    // Inside the window's first, partial hour, and in the whole hours.
    await sendCall(FROM.getTime() + 5 * MIN, 12, 1, 40);
    for (let h = 0; h < 22; h += 2) await sendCall(FIRST_WHOLE + h * HOUR + 17 * MIN, 10, 2, 30 + h);
    await sendCall(FIRST_WHOLE + 5 * HOUR, 10, 1, 35, `dep_${agent}_b`);
    // Whole-hour calls whose later values fall after the window's end: one just before the last whole hour, one at it.
    await sendCall(LAST_WHOLE - 10 * MIN, 30, 5, 150);
    await sendCall(LAST_WHOLE, 30, 0, 120);
    // In the last, partial hour, with values after the window.
    await sendCall(LAST_WHOLE + 5 * MIN, 30, 3, 100, `dep_${agent}_b`);
    // The conversation worker measures each call's gaps.
    for (let i = 0; i < 200; i++) {
      const { rows } = await pool.query("select count(distinct call_id)::int as n from response_gaps where call_id = any($1::text[])", [ids]);
      if (rows[0].n === ids.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  it("counts every value at its own time while its hours are not yet rolled up", async () => {
    await expectExact(24 * 60);
  });

  it("counts the same from the histograms once they are built, in a day, in three hours, in one deployment, and in half an hour", async () => {
    for (let i = 0; i < 100; i++) {
      await rebuildChangedHours(pool, 0);
      const { rows } = await pool.query("select count(*)::int as n from latency_changes");
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const { rows } = await pool.query("select count(*)::int as n from latency_hourly where agent_id = $1 and metric = 'tts_ttfb'", [agent]);
    expect(rows[0].n).toBeGreaterThan(5);
    // The window's values are not few: the edges and the subtraction are tried on real counts.
    expect((await exact("tts_ttfb_p95_ms", FROM, NOW, null)).count).toBeGreaterThan(100);
    await expectExact(24 * 60);
    await expectExact(180);
    await expectExact(24 * 60, `dep_${agent}_b`);
    await expectExact(30);
  });
});
