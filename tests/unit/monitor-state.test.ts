import { describe, expect, it } from "vitest";
import { describeCondition, formatFigure, stateFor } from "@/lib/monitors/monitor-definitions";
import { createFromForm, formChannels } from "@/lib/monitors/monitor-form-data";
import { type Channel, createMonitorSchema, updateMonitorSchema } from "@/lib/monitors/monitor-json";
import { resolveChannels } from "@/lib/monitors/monitor-store";
import { callsUrl } from "@/lib/monitors/notify";

describe("a monitor's state from its figure", () => {
  const p95 = { metric: "tts_ttfb_p95_ms" as const, threshold: 1000, minValues: 5 };
  it("fires only above the threshold, and only with enough values", () => {
    expect(stateFor(p95, { value: 1000.0001, count: 5 })).toBe("firing");
    expect(stateFor(p95, { value: 1000, count: 5 })).toBe("ok");
    expect(stateFor(p95, { value: 5000, count: 4 })).toBe("no_data");
    expect(stateFor(p95, { value: null, count: 0 })).toBe("no_data");
  });
  it("counts of calls fire at or below the threshold, and always have a value", () => {
    const quiet = { metric: "no_calls" as const, threshold: 0, minValues: 100 };
    expect(stateFor(quiet, { value: 0, count: 0 })).toBe("firing");
    expect(stateFor(quiet, { value: 1, count: 1 })).toBe("ok");
    const stuck = { metric: "unfinished_calls" as const, threshold: 2, minValues: 100 };
    expect(stateFor(stuck, { value: 3, count: 3 })).toBe("firing");
    expect(stateFor(stuck, { value: 2, count: 2 })).toBe("ok");
  });
  it("reads as a person would", () => {
    expect(formatFigure("failure_rate", 0.125)).toBe("12.5%");
    expect(formatFigure("failure_rate", 0.2)).toBe("20%");
    expect(formatFigure("tts_ttfb_p95_ms", 1840.4)).toBe("1,840 ms");
    expect(formatFigure("no_calls", 1)).toBe("1 call");
    expect(formatFigure("dead_air_rate", null)).toBe("no data");
    expect(describeCondition("no_calls", 0)).toBe("Calls started at most 0 calls");
  });
});

describe("the link to the calls behind a figure", () => {
  const at = new Date("2026-12-02T03:00:00Z");
  it("covers the window, with the filter that finds the culprits", () => {
    const failing = new URL(callsUrl({ metric: "failure_rate", agent_id: "a1", deployment_id: "d1", window_minutes: 30 }, at));
    expect(Object.fromEntries(failing.searchParams)).toEqual({
      agent: "a1",
      deployment: "d1",
      from: "2026-12-02T02:30:00.000Z",
      to: "2026-12-02T03:00:00.000Z",
      status: "failed",
    });
    const stuck = new URL(callsUrl({ metric: "unfinished_calls", agent_id: null, deployment_id: null, window_minutes: 60 }, at));
    expect(stuck.searchParams.getAll("status")).toEqual(["placeholder", "created", "started", "active"]);
    expect(stuck.searchParams.get("to")).toBe("2026-12-02T02:00:00.000Z");
    expect(stuck.searchParams.get("from")).toBe("2026-12-01T02:00:00.000Z");
  });
});

describe("the console's monitor form as the API's JSON", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    return data;
  };
  const stored: Channel[] = [
    { id: "ch_a", type: "webhook", url: "https://a.example/hook", secret: "secret-a" },
    { id: "ch_b", type: "webhook", url: "https://b.example/hook", secret: "secret-b" },
    { id: "ch_s", type: "slack", url: "https://hooks.slack.com/services/T1/B1/x" },
  ];

  it("edits the first channel of each kind and keeps the others, secrets and all", () => {
    const input = formChannels(form({ webhook_url: "https://a2.example/hook" }), stored);
    const parsed = updateMonitorSchema.parse({ channels: input });
    const resolved = resolveChannels(parsed.channels!, stored);
    expect(resolved).toEqual({
      channels: [
        { id: "ch_a", type: "webhook", url: "https://a2.example/hook", secret: "secret-a" },
        { id: "ch_s", type: "slack", url: "https://hooks.slack.com/services/T1/B1/x" },
        { id: "ch_b", type: "webhook", url: "https://b.example/hook", secret: "secret-b" },
      ],
    });
  });

  it("types rate thresholds as percentages, and drops Slack when asked", () => {
    const input = createFromForm(form({ name: "f", metric: "failure_rate", threshold: "12.5", window_minutes: "30", min_values: "5", slack_remove: "on" }));
    expect(createMonitorSchema.parse(input)).toMatchObject({ metric: "failure_rate", threshold: 0.125, window_minutes: 30, min_values: 5, channels: [] });
    expect(createFromForm(form({ metric: "loudness" }))).toBeNull();
    // An empty webhook URL removes the webhook the form shows; the one it does not show stays.
    expect(formChannels(form({ slack_remove: "on" }), stored).map((c) => c.id)).toEqual(["ch_b"]);
  });
});
