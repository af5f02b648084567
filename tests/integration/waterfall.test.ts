// Where the wait went, end to end: Cartesia-shaped webhooks and Line-shaped
// telemetry through the real API, then each answered turn's stages from
// GET /api/v1/calls/{id}, the stage view and the deployment comparison from
// GET /api/v1/latency, a monitor on a stage, /metrics, and the stage mapping
// set in the settings table.
import { afterAll, describe, expect, it } from "vitest";
import { callSchema } from "@/lib/calls/call-json";
import { latencyReportSchema } from "@/lib/latency/latency-json";
import { rebuildChangedHours } from "@/lib/latency/rollup";
import { measure } from "@/lib/monitors/monitor-metrics";
import { query, testPool } from "../support/db";
import { api, fixture, newCallId, postWebhook } from "../support/http";
import { until } from "../support/until";

const agent = `agent_wf_${Date.now()}`;
const [v1, v2] = [`dep_wf_a_${Date.now()}`, `dep_wf_b_${Date.now()}`];
const AT = new Date(Date.now() - 3 * 3600_000);

/**
 * Two answered turns. The first carries all four stages (stt_ttfb on the user
 * turn, vad_buffer_ms and tts_ttfb on the assistant turn, the LLM logged by the
 * agent); the second only speech-to-text and text-to-speech.
 */
function transcript(ttsS: number, gapS: number) {
  return [
    { role: "user", text: "Can I book a table?", start_timestamp: 0, end_timestamp: 2, stt_ttfb: 0.1 },
    { role: "assistant", text: "Of course.", start_timestamp: 2 + gapS, end_timestamp: 4, tts_ttfb: ttsS, vad_buffer_ms: 250 },
    { role: "user", text: "For two.", start_timestamp: 5, end_timestamp: 6, stt_ttfb: 0.1 },
    { role: "assistant", text: "Done.", start_timestamp: 6 + gapS, end_timestamp: 8, tts_ttfb: ttsS },
  ];
}

/** Line's frames: the LLM's first chunk answering the first user turn, and agent_turn_ms of the same group after the answer. */
const llmFrames = (callId: string, metric = "llm_first_chunk_ms", value = 400) =>
  [
    { type: "log_metric", name: metric, value, responding_to: "input-0", timestamp: 2.5, id: `${callId}-m1` },
    { type: "log_metric", name: "agent_turn_ms", value: 1500, responding_to: "input-0", timestamp: 4.2, id: `${callId}-m2` },
  ]
    .map((f) => JSON.stringify(f))
    .join("\n");

async function sendCall(deployment: string, ttsS: number, gapS: number, { metricsFirst = true, metric = "llm_first_chunk_ms", value = 400 } = {}) {
  const id = newCallId("MZwf");
  const events = () => api("POST", `/api/v1/calls/${id}/events`, { body: llmFrames(id, metric, value), type: "application/x-ndjson" });
  if (metricsFirst) expect((await events()).status).toBeLessThan(300);
  const d = fixture("webhooks/call_completed.call-object.json");
  const res = await postWebhook({
    ...d,
    request_id: id,
    agent_id: agent,
    timestamp: new Date(AT.getTime() + 60_000).toISOString(),
    call: { ...d.call, id, agent_id: agent, deployment_id: deployment, start_time: AT.toISOString(), end_time: null, transcript: transcript(ttsS, gapS) },
  });
  expect(res.status).toBe(200);
  if (!metricsFirst) expect((await events()).status).toBeLessThan(300);
  return id;
}

const gapsOf = async (id: string) => (await api("GET", `/api/v1/calls/${id}`)).json?.conversation?.response_gaps ?? [];

afterAll(async () => {
  await query("delete from settings where key = 'latency_stages'");
});

describe("the waterfall of each answered turn", () => {
  const ids: Record<string, string[]> = { [v1]: [], [v2]: [] };

  it("is stored with the call and answered in its JSON, adding up to the measured wait", async () => {
    for (const [id, daysAgo, git] of [
      [v1, 5, "4f2c9e1"],
      [v2, 1, "9b71d3a"],
    ] as const) {
      const res = await api("PUT", `/api/v1/deployments/${id}`, {
        body: JSON.stringify({
          agent_id: agent,
          status: "deployed",
          git_commit_hash: git,
          created_at: new Date(Date.now() - daysAgo * 86400_000).toISOString(),
        }),
        type: "application/json",
      });
      expect(res.status).toBeLessThan(300);
    }
    // The newer deployment is 300 ms slower to speak, and the caller waits 300 ms longer.
    for (let i = 0; i < 3; i++) {
      ids[v1].push(await sendCall(v1, 0.2, 1.0));
      ids[v2].push(await sendCall(v2, 0.5, 1.3, { metricsFirst: i !== 0 }));
    }
    const first = ids[v1][0];
    const gaps = await until(
      "the first call's stages",
      () => gapsOf(first),
      (g) => g.length === 2 && g[0].stages !== null,
    );
    expect(gaps).toEqual([
      {
        turn_index: 1,
        user_turn_index: 0,
        gap_ms: 1000,
        heard_gap_ms: null,
        stages: { endpointing_ms: 250, stt_ms: 100, llm_ms: 400, tts_ms: 200 },
        unattributed_ms: expect.closeTo(50, 6),
        measured_by: "timestamps",
      },
      {
        // The second answer has no endpointing and no LLM figure: null, never 0; the agent_turn_ms of the first group is not an LLM figure.
        turn_index: 3,
        user_turn_index: 2,
        gap_ms: 1000,
        heard_gap_ms: null,
        stages: { endpointing_ms: null, stt_ms: 100, llm_ms: null, tts_ms: 200 },
        unattributed_ms: expect.closeTo(700, 6),
        measured_by: "timestamps",
      },
    ]);
    // The answer parses strictly with the documented schema.
    callSchema.parse((await api("GET", `/api/v1/calls/${first}`)).json);
  });

  it("picks up the LLM figure of a metric logged after the call was measured", async () => {
    const late = ids[v2][0];
    const gaps = await until(
      "the late metric's stage",
      () => gapsOf(late),
      (g) => g[0]?.stages?.llm_ms === 400,
    );
    expect(gaps[0].stages).toEqual({ endpointing_ms: 250, stt_ms: 100, llm_ms: 400, tts_ms: 500 });
    expect(gaps[0].unattributed_ms).toBeCloseTo(50, 6);
  });

  it("is given per deployment by GET /api/v1/latency, naming the stage that grew", async () => {
    for (const id of [...ids[v1], ...ids[v2]])
      await until(
        `stages of ${id}`,
        () => gapsOf(id),
        (g) => g[0]?.stages?.llm_ms === 400,
      );
    const params = `agent_id=${agent}&stages=deployment`;
    const exact = (await api("GET", `/api/v1/latency?${params}&range=24h`)).json;
    const report = latencyReportSchema.parse(exact);
    const group = (key: string) => report.stages.groups.find((g) => g.key === key)!;
    expect(report.stages.group).toBe("deployment");
    expect(group(v2)).toMatchObject({ label: "9b71d3a", answered_turns: 6 });
    expect(group(v2).p50).toMatchObject({ wait_ms: 1300, tts_ms: 500, llm_ms: 400, endpointing_ms: 250, stt_ms: 100 });
    expect(group(v1).p95).toMatchObject({ wait_ms: 1000, tts_ms: 200 });
    // The LLM and endpointing were measured on half the answers; unattributed on all of them.
    expect(group(v1).values).toMatchObject({ wait_ms: 6, llm_ms: 3, endpointing_ms: 3, stt_ms: 6, unattributed_ms: 6 });
    const comparison = report.stages.comparisons.find((c) => c.deployment_id === v2)!;
    expect(comparison.previous_deployment_id).toBe(v1);
    expect(comparison.sentence).toBe("9b71d3a is 300 ms slower at p95 than 4f2c9e1; text-to-speech accounts for 300 ms of it.");
    expect(comparison.p95.tts_ms).toMatchObject({ change: 300, significant: true });
    expect(comparison.p95.llm_ms).toMatchObject({ change: 0, significant: false });
    expect(report.stages.series.tts_ms.reduce((n, r) => n + r.values, 0)).toBe(12);

    // Over days, from the hourly and daily histograms: the same figures.
    for (let i = 0; i < 50 && (await query("select count(*)::int as n from latency_changes"))[0].n > 0; i++) await rebuildChangedHours(testPool(), 0);
    const rolled = latencyReportSchema.parse((await api("GET", `/api/v1/latency?${params}&range=7d`)).json);
    const rolledGroup = rolled.stages.groups.find((g) => g.key === v2)!;
    for (const [field, value] of Object.entries(group(v2).p50)) expect(rolledGroup.p50[field as keyof typeof rolledGroup.p50]).toBeCloseTo(value!, 1);
    expect(rolled.stages.comparisons.find((c) => c.deployment_id === v2)?.sentence).toBe(comparison.sentence);

    // A bad filter is a clear error, not a silent default.
    const bad = await api("GET", `/api/v1/latency?range=1y&stages=moon`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("bad_request");
    expect(JSON.stringify(bad.json.error.details)).toContain("range");
  });

  it("can be watched by a monitor and scraped at /metrics per stage", async () => {
    const scope = (metric: "stage_tts_p95_ms" | "stage_llm_p95_ms" | "stage_unattributed_p95_ms") => ({
      metric,
      agentId: agent,
      deploymentId: null,
      evaluation: null,
      windowMinutes: 240,
    });
    expect(await measure(testPool(), scope("stage_tts_p95_ms"), new Date())).toEqual({ value: 500, count: 12 });
    expect(await measure(testPool(), scope("stage_llm_p95_ms"), new Date())).toEqual({ value: 400, count: 6 });
    expect((await measure(testPool(), scope("stage_unattributed_p95_ms"), new Date())).count).toBe(12);

    const text = (await api("GET", "/metrics")).buffer.toString("utf8");
    expect(text).toContain("# TYPE callscope_stage_llm_seconds histogram");
    // 6 LLM figures of 400 ms: none at or under 0.3 s, all at or under 0.4 s.
    expect(text).toContain(`callscope_stage_llm_seconds_bucket{agent_id="${agent}",le="0.3"} 0`);
    expect(text).toContain(`callscope_stage_llm_seconds_bucket{agent_id="${agent}",le="0.4"} 6`);
    expect(text).toContain(`callscope_stage_tts_seconds_count{agent_id="${agent}"} 12`);
  });

  it("reads an agent's own metric names from the stage settings", async () => {
    await query(
      `insert into settings (key, value, updated_at) values ('latency_stages', $1::jsonb, now())
       on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [JSON.stringify({ endpointing: ["vad_buffer_ms"], stt: ["stt_ttfb"], llm: ["llm_ttft_ms"], tts: ["tts_ttfb"] })],
    );
    // The server reads the settings through a cache of a few seconds: a call sent after it expires uses them.
    await new Promise((r) => setTimeout(r, 5_500));
    const id = await sendCall(v1, 0.2, 1.0, { metric: "llm_ttft_ms", value: 333 });
    const gaps = await until(
      "the own-named LLM stage",
      () => gapsOf(id),
      (g) => g[0]?.stages !== undefined && g[0]?.stages !== null,
    );
    expect(gaps[0].stages).toEqual({ endpointing_ms: 250, stt_ms: 100, llm_ms: 333, tts_ms: 200 });
  });
});
