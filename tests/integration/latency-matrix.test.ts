// The latency page answers for every range, time zone, figure and chart:
// short ranges bucket by five minutes (no time zone), longer ones by hour or
// day in the zone asked for, from the raw values or the histograms.
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN } from "../support/stack";
import { api, baseUrl, callObjectDelivery, newCallId, postWebhook, signInCookie } from "../support/http";

const RANGES = ["6h", "24h", "7d", "30d"];
const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Auckland"];
const FIGURES = ["tts_ttfb", "stt_ttfb", "lookup_ms"];
const CHARTS = ["none", "agent"];
const agent = `agent_matrix_${Date.now().toString(36)}`;
let cookie = "";

beforeAll(async () => {
  ({ cookie } = await signInCookie(TEST_ADMIN, "192.0.2.91"));
  // Calls an hour, a day and three weeks ago, so that every range has values.
  for (const hoursAgo of [1, 20, 24 * 21]) {
    const id = newCallId("MZmatrix");
    const start = new Date(Date.now() - hoursAgo * 3600_000).toISOString();
    const call = { deployment_id: null, start_time: start, end_time: null };
    expect((await postWebhook(callObjectDelivery(id, agent, call, { timestamp: start }))).status).toBe(200);
    const metric = await api("POST", `/api/v1/calls/${id}/events`, {
      body: JSON.stringify({ type: "log_metric", name: "lookup_ms", value: 400 + hoursAgo, timestamp: 8 }),
      type: "application/json",
    });
    expect(metric.status).toBe(200);
  }
});

describe("the latency page", () => {
  it("answers every range × time zone × figure × chart with the figures, never an error", async () => {
    const failures: string[] = [];
    for (const range of RANGES) {
      for (const tz of ZONES) {
        for (const metric of FIGURES) {
          for (const compare of CHARTS) {
            const target = `/latency?range=${range}&tz=${encodeURIComponent(tz)}&metric=${metric}&compare=${compare}&agent=${agent}`;
            const res = await fetch(`${baseUrl()}${target}`, { headers: { cookie } });
            const html = await res.text();
            if (res.status !== 200) failures.push(`${target}: ${res.status}`);
            else if (!html.includes('data-testid="latency-time-chart"') || html.includes("is not a time zone Callscope knows"))
              failures.push(`${target}: no chart`);
            else if (Number(/data-total="(\d+)"/.exec(html)?.[1] ?? 0) < 1) failures.push(`${target}: no values`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
