import { describe, expect, it } from "vitest";
import { TEST_MEMBER_API_KEY } from "../support/stack";
import { query } from "../support/db";
import { api, newCallId, postWebhook, fixture } from "../support/http";

const events = (callId: string, body: unknown, type = "application/json", headers: Record<string, string> = {}) =>
  api("POST", `/api/v1/calls/${callId}/events`, { body: typeof body === "string" ? body : JSON.stringify(body), type, headers });

describe("POST /api/v1/calls/{id}/events", () => {
  it("stores the bare-websocket shapes exactly, for a call not seen yet as a placeholder", async () => {
    const id = newCallId();
    const res = await events(id, [
      { type: "log_event", event: "order_processed", metadata: { status: "ok" }, responding_to: null },
      { type: "log_metric", name: "first_question", value: "yes", responding_to: null, timestamp: 3.5 },
      { type: "log_metric", name: "lookup", value: { ms: 412, cached: false } },
      { type: "log", level: "warning", message: "calendar API slow", timestamp: "2025-07-04T12:30:11.014Z" },
    ]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ call_id: id, received: 4, accepted: 4, stored: 4, failed: [] });
    const rows = await query("select kind, name, level, message, value, metadata, offset_s, wall_time from call_events where call_id = $1 order by id", [id]);
    expect(rows).toEqual([
      { kind: "log_event", name: "order_processed", level: null, message: null, value: null, metadata: { status: "ok" }, offset_s: null, wall_time: null },
      { kind: "log_metric", name: "first_question", level: null, message: null, value: "yes", metadata: null, offset_s: 3.5, wall_time: null },
      { kind: "log_metric", name: "lookup", level: null, message: null, value: { ms: 412, cached: false }, metadata: null, offset_s: null, wall_time: null },
      {
        kind: "log",
        name: null,
        level: "warning",
        message: "calendar API slow",
        value: null,
        metadata: null,
        offset_s: null,
        wall_time: new Date("2025-07-04T12:30:11.014Z"),
      },
    ]);
    const [call] = await query("select status from calls where id = $1", [id]);
    expect(call.status).toBe("placeholder");
  });

  it("shows a LogMessage as a log message with its level, and keeps truncated metadata as it came", async () => {
    const id = newCallId();
    const truncated = { _truncated: true, _preview: "x".repeat(100) };
    await events(id, [
      { type: "log_event", event: "payment", metadata: { level: "error", message: "card declined", metadata: { code: 51 } } },
      { type: "log_event", event: "big", metadata: truncated },
    ]);
    const rows = await query("select name, level, message, metadata from call_events where call_id = $1 order by id", [id]);
    expect(rows[0]).toEqual({
      name: "payment",
      level: "error",
      message: "card declined",
      metadata: { level: "error", message: "card declined", metadata: { code: 51 } },
    });
    expect(rows[1].metadata).toEqual(truncated);
  });

  it("stores the valid items of a batch and says which failed and why", async () => {
    const id = newCallId();
    const res = await events(id, [
      { type: "log_metric", name: "ok", value: 1 },
      { type: "log_metric", value: 2 },
      { type: "nonsense" },
      { type: "log_event", event: "fine" },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.accepted).toBe(2);
    expect(res.json.failed.map((f: { index: number }) => f.index)).toEqual([1, 2]);
    expect(res.json.failed[0].errors[0].path).toBe("name");
    expect(await query("select name from call_events where call_id = $1 order by id", [id])).toEqual([{ name: "ok" }, { name: "fine" }]);
  });

  it("answers 422 when no item is valid, and stores nothing", async () => {
    const id = newCallId();
    const res = await events(id, [{ type: "log_metric" }]);
    expect(res.status).toBe(422);
    expect(await query("select 1 from calls where id = $1", [id])).toHaveLength(0);
  });

  it("stores an item with an id once, and a batch with an Idempotency-Key once", async () => {
    const id = newCallId();
    const item = { type: "log_event", event: "once", id: "evt-1" };
    expect((await events(id, item)).json.stored).toBe(1);
    const again = await events(id, item);
    expect(again.json).toMatchObject({ accepted: 1, stored: 0, duplicates: 1 });
    const batch = [
      { type: "log_metric", name: "a", value: 1 },
      { type: "log_metric", name: "b", value: 2 },
    ];
    expect((await events(id, batch, "application/json", { "idempotency-key": "batch-7" })).json.stored).toBe(2);
    expect((await events(id, batch, "application/json", { "idempotency-key": "batch-7" })).json.stored).toBe(0);
    expect(await query("select count(*)::int as n from call_events where call_id = $1", [id])).toEqual([{ n: 3 }]);
  });

  it("takes 10,000 NDJSON lines in one request", async () => {
    const id = newCallId();
    const body = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ type: "log_metric", name: "tick", value: i, timestamp: i / 100 })).join("\n");
    const res = await events(id, body, "application/x-ndjson");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ received: 10_000, stored: 10_000 });
    const [{ n, total }] = await query("select count(*)::int as n, sum((value)::text::int)::bigint::text as total from call_events where call_id = $1", [id]);
    expect(n).toBe(10_000);
    expect(total).toBe(String((9_999 * 10_000) / 2));
  });

  it("reports an NDJSON line that is not JSON without losing the others", async () => {
    const id = newCallId();
    const res = await events(id, '{"type":"log_event","event":"a"}\n{oops\n{"type":"log_event","event":"b"}\n', "application/x-ndjson");
    expect(res.json.accepted).toBe(2);
    expect(res.json.failed).toEqual([{ index: 1, errors: [{ path: "(root)", message: "this line is not valid JSON" }] }]);
  });

  it("places wall-time events on the timeline from the call's start, learned later", async () => {
    const id = newCallId();
    await events(id, { type: "log_event", event: "late", timestamp: "2025-07-02T18:04:21.250Z" });
    const started = fixture("webhooks/call_started.seed.json");
    await postWebhook({ ...started, request_id: id });
    const res = await api("GET", `/api/v1/calls/${id}`);
    expect(res.status).toBe(200);
    expect(res.json.events[0]).toMatchObject({ name: "late", timestamp_derived: true });
    // call_started at 18:04:11.250 → ten seconds in
    expect(res.json.events[0].timestamp).toBeCloseTo(10, 3);
  });

  it.each([
    ["no key", null, 401],
    ["a wrong key", "cs_not_a_real_key_at_all", 401],
  ])("refuses %s", async (_, key, status) => {
    const res = await api("POST", `/api/v1/calls/${newCallId()}/events`, { body: "{}", type: "application/json", key });
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it("refuses other content types with 415 and bad JSON with 400", async () => {
    expect((await events(newCallId(), "x", "text/csv")).status).toBe(415);
    expect((await events(newCallId(), "{", "application/json")).status).toBe(400);
  });

  it("cuts strings longer than TELEMETRY_MAX_STRING_BYTES and marks them with how much was cut", async () => {
    const id = newCallId();
    const res = await events(id, [{ type: "log", message: `${"a".repeat(65536)}${"b".repeat(1000)}`, metadata_text: "c".repeat(70000) }]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accepted: 1, truncated: 2 });
    expect(res.json.truncated_note).toContain("TELEMETRY_MAX_STRING_BYTES");
    const [row] = await query("select message, extra from call_events where call_id = $1", [id]);
    expect(row.message).toBe(`${"a".repeat(65536)}…[truncated 1000 bytes]`);
    expect(row.extra.metadata_text).toBe(`${"c".repeat(65536)}…[truncated ${70000 - 65536} bytes]`);
  });

  it("lists the first 20 failures and counts them all, never one object per item", async () => {
    const id = newCallId();
    const items = [...Array.from({ length: 5000 }, () => ({ type: "nonsense" })), { type: "log_event", event: "the one good item" }];
    const res = await events(id, items);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ received: 5001, accepted: 1, failed_count: 5000 });
    expect(res.json.failed).toHaveLength(20);
    expect(res.json.failed.map((f: { index: number }) => f.index)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const bad = await events(
      newCallId(),
      Array.from({ length: 3000 }, () => 1),
    );
    expect(bad.status).toBe(422);
    expect(bad.json.error.details).toMatchObject({ failed_count: 3000 });
    expect(bad.json.error.details.failed).toHaveLength(20);
  });

  it("refuses a request of more than TELEMETRY_MAX_ITEMS items whole, with a 413 naming the limit", async () => {
    const id = newCallId();
    const res = await events(
      id,
      Array.from({ length: 10_001 }, (_, i) => ({ type: "log_metric", name: "n", value: i })),
    );
    expect(res.status).toBe(413);
    expect(res.json.error.details).toEqual({ limit: "TELEMETRY_MAX_ITEMS", items: 10_000 });
    expect(await query("select 1 from calls where id = $1", [id])).toEqual([]);
    const ok = await events(
      id,
      Array.from({ length: 10_000 }, (_, i) => ({ type: "log_metric", name: "n", value: i })),
    );
    expect(ok.json).toMatchObject({ accepted: 10_000, stored: 10_000 });
  });
});

describe("POST /api/v1/calls/{id}/logs", () => {
  it("reads text lines with Python logging's time and level", async () => {
    const id = newCallId();
    const lines = fixture("cartesia-api/call-logs.json").logs.join("\n");
    const res = await api("POST", `/api/v1/calls/${id}/logs`, { body: lines, type: "text/plain" });
    expect(res.json.stored).toBe(3);
    const rows = await query("select level, message, wall_time from call_events where call_id = $1 and kind = 'log' order by id", [id]);
    expect(rows[2]).toEqual({ level: "warning", message: "hours API slow: 412 ms", wall_time: new Date("2025-07-04T12:30:11.014Z") });
  });

  it("accepts Cartesia's own logs object as JSON", async () => {
    const id = newCallId();
    const res = await api("POST", `/api/v1/calls/${id}/logs`, { body: JSON.stringify(fixture("cartesia-api/call-logs.json")), type: "application/json" });
    expect(res.json).toMatchObject({ accepted: 3, stored: 3 });
  });
});

describe("deployments API", () => {
  it("creates and updates a deployment with Cartesia's fields, appends logs, and links calls", async () => {
    const deployment = fixture("cartesia-api/deployment.json");
    const id = `${deployment.id}_${Math.random().toString(36).slice(2, 8)}`;
    const created = await api("PUT", `/api/v1/deployments/${id}`, { body: JSON.stringify({ ...deployment, id }), type: "application/json" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id,
      agent_id: "agent_pizzeria",
      status: "deployed",
      is_live: true,
      git_commit_hash: "9b3e7d2",
      build_completed_at: "2025-07-01T08:12:41.000Z",
    });
    const updated = await api("PUT", `/api/v1/deployments/${id}`, { body: JSON.stringify({ status: "inactive", is_live: false }), type: "application/json" });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ status: "inactive", is_live: false, git_commit_hash: "9b3e7d2" });
    const logs = await api("POST", `/api/v1/deployments/${id}/logs`, { body: "2025-06-25 17:44:00,000 ERROR worker crashed\nrestarted", type: "text/plain" });
    expect(logs.json.appended).toBe(2);
    const call = fixture("webhooks/call_completed.call-object.json");
    const callId = newCallId();
    await postWebhook({ ...call, request_id: callId, call: { ...call.call, id: callId, deployment_id: id } });
    const read = await api("GET", `/api/v1/deployments/${id}`);
    expect(read.json).toMatchObject({ id, calls: 1, tts_ttfb_p50: 0.2515 });
    const list = await api("GET", `/api/v1/calls?deployment_id=${id}`);
    expect(list.json.data.map((c: { id: string }) => c.id)).toEqual([callId]);
  });

  it("answers 422 for wrong field types and a body id that differs from the path", async () => {
    expect((await api("PUT", "/api/v1/deployments/dep_x", { body: JSON.stringify({ is_live: "yes" }), type: "application/json" })).status).toBe(422);
    expect((await api("PUT", "/api/v1/deployments/dep_x", { body: JSON.stringify({ id: "dep_y" }), type: "application/json" })).status).toBe(422);
  });
});

describe("read API", () => {
  it("lists calls with filters and cursor pagination, and reads one call in Cartesia's field names", async () => {
    const agent = `agent_page_${Math.random().toString(36).slice(2, 8)}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = newCallId();
      ids.push(id);
      const d = fixture("webhooks/call_completed.seed.json");
      await postWebhook({ ...d, request_id: id, agent_id: agent, timestamp: `2025-07-0${i + 1}T10:00:00Z` });
    }
    const first = await api("GET", `/api/v1/calls?agent_id=${agent}&limit=2`);
    expect(first.json.data.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3]]);
    const second = await api("GET", `/api/v1/calls?agent_id=${agent}&limit=2&cursor=${first.json.next_page}`);
    expect(second.json.data.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const third = await api("GET", `/api/v1/calls?agent_id=${agent}&limit=2&cursor=${second.json.next_page}`);
    expect(third.json.data.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    expect(third.json.next_page).toBeNull();
    const one = await api("GET", `/api/v1/calls/${ids[0]}`);
    expect(one.json).toMatchObject({ id: ids[0], agent_id: agent, status: "completed" });
    expect(one.json.transcript[0]).toMatchObject({ role: "assistant", start_timestamp: 1.175, tts_ttfb: 0.20372509956359863 });
  });

  it("searches transcripts", async () => {
    const id = newCallId();
    const d = fixture("webhooks/call_completed.seed.json");
    d.body[1].text = "I need to talk about xylophonic gizmos";
    await postWebhook({ ...d, request_id: id });
    const res = await api("GET", "/api/v1/calls?q=xylophonic");
    expect(res.json.data.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(res.json.data[0].snippet).toContain("xylophonic");
  });

  it("lets member keys read but not ingest-only or missing keys", async () => {
    expect((await api("GET", "/api/v1/agents", { key: TEST_MEMBER_API_KEY })).status).toBe(200);
    expect((await api("GET", "/api/v1/agents", { key: null })).status).toBe(401);
    expect((await api("GET", "/api/v1/calls/none-such")).status).toBe(404);
  });

  it("serves an OpenAPI 3.1 document that names every endpoint", async () => {
    const res = await api("GET", "/api/openapi.json", { key: null });
    expect(res.json.openapi).toBe("3.1.0");
    expect(Object.keys(res.json.paths)).toEqual(
      expect.arrayContaining([
        "/api/webhooks/cartesia",
        "/api/v1/calls/{callId}/events",
        "/api/v1/calls/{callId}/recording",
        "/api/v1/deployments/{deploymentId}",
        "/api/v1/keys",
        "/api/v1/users",
      ]),
    );
    expect(res.json.components.schemas.TelemetryItem.oneOf ?? res.json.components.schemas.TelemetryItem.anyOf).toHaveLength(3);
  });
});
