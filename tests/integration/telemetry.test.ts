import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TEST_MEMBER_API_KEY } from "../support/stack";
import { query } from "../support/db";
import { api, newCallId, postWebhook, fixture, FIXTURES } from "../support/http";

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

  it("stores many concurrent batches for the same call exactly once, however they are grouped", async () => {
    const id = newCallId("MZconc");
    const shared = Array.from({ length: 10 }, (_, i) => ({ type: "log_event", event: "shared", id: `shared-${i}` }));
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        events(id, [
          ...shared,
          ...Array.from({ length: 5 }, (_, i) => ({ type: "log_metric", name: "m", value: n * 5 + i, id: `own-${n}-${i}` })),
          { type: "log", message: `no id ${n}` },
        ]),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const stored = answers.reduce((sum, a) => sum + a.json.stored, 0);
    expect(stored).toBe(10 + 30 * 6);
    expect(answers.reduce((sum, a) => sum + a.json.duplicates, 0)).toBe(30 * 16 - stored);
    const [counts] = await query(
      "select count(*)::int as rows, count(distinct external_id)::int as ids, count(*) filter (where external_id is null)::int as plain from call_events where call_id = $1",
      [id],
    );
    expect(counts).toEqual({ rows: 10 + 30 * 6, ids: 10 + 30 * 5, plain: 30 });
    // Sent again, all at once: nothing new.
    const again = await Promise.all(Array.from({ length: 10 }, () => events(id, shared)));
    expect(again.map((a) => a.json.stored)).toEqual(again.map(() => 0));
  });

  it("answers a batch whose insert fails with an error and stores none of it, while the batches beside it are stored", async () => {
    const good = Array.from({ length: 8 }, () => newCallId("MZgood"));
    const bad = newCallId("MZbadv");
    const answers = await Promise.all([
      ...good.map((id) =>
        events(id, [
          { type: "log_event", event: "fine" },
          { type: "log_metric", name: "m", value: 1 },
        ]),
      ),
      events(bad, [
        { type: "log_event", event: "before" },
        { type: "log_event", event: "nul", metadata: { text: "a\u0000b" } },
      ]),
    ]);
    const badAnswer = answers.at(-1)!;
    expect(badAnswer.status).toBe(422);
    expect(badAnswer.json.error.message).toContain("Nothing was stored");
    expect(await query("select id from call_events where call_id = $1", [bad])).toEqual([]);
    for (const [i, id] of good.entries()) {
      expect(answers[i].status).toBe(200);
      expect(await query("select kind from call_events where call_id = $1 order by id", [id])).toEqual([{ kind: "log_event" }, { kind: "log_metric" }]);
    }
  });

  it("redacts a card number in a batch of little text and in one of much text alike", async () => {
    const id = newCallId("MZcard");
    const card = "4111 1111 1111 1111";
    const small = await events(id, [{ type: "log", message: `paid with ${card}` }]);
    const large = await events(id, [{ type: "log", message: `${"x ".repeat(20_000)}paid with ${card}` }]);
    expect([small.status, large.status]).toEqual([200, 200]);
    const rows = await query("select message from call_events where call_id = $1 order by id", [id]);
    expect(rows.map((r) => r.message.slice(-16))).toEqual(["paid with [card]", "paid with [card]"]);
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
    expect(res.json.components.schemas.TelemetryItem.oneOf ?? res.json.components.schemas.TelemetryItem.anyOf).toHaveLength(11);
  });
});

/** Every frame ConversationRunner sends over /ws (line/_harness_types.py), as model_dump() writes them. */
const WS_FRAMES = readFileSync(path.join(FIXTURES, "line/ws-frames.ndjson"), "utf8");
const frames = () =>
  WS_FRAMES.trim()
    .split("\n")
    .map((line) => JSON.parse(line));

describe("Line's /ws frames over the telemetry API", () => {
  it("accepts every frame as it is, one per line, and shows each on the call", async () => {
    const id = newCallId("MZws");
    const res = await events(id, WS_FRAMES, "application/x-ndjson");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ received: 18, accepted: 18, stored: 18, failed: [] });
    const call = await api("GET", `/api/v1/calls/${id}`);
    type Ev = { type: string; name: string | null; level: string | null; message: string | null; value: unknown; metadata: unknown; responding_to: unknown };
    const byType = (type: string) => (call.json.events as Ev[]).filter((e) => e.type === type);
    expect(byType("message").map((e) => [e.message, e.responding_to])).toEqual([["Hello! How can I help?", "evt-start"]]);
    expect(byType("log_metric").map((e) => [e.name, e.value])).toEqual([
      ["greeting_ms", 182.5],
      ["first_question", "yes"],
      ["vip", true],
      ["caller_flags", { tags: ["returning"], score: [1, 2.5] }],
      ["nothing", null],
    ]);
    const logEvents = byType("log_event");
    expect(logEvents.map((e) => [e.name, e.level, e.message, e.responding_to])).toEqual([
      ["payment", "error", "card declined", "evt-turn-1"],
      ["note", "info", "no metadata", "evt-turn-1"],
      ["big", "info", "huge payload", "evt-turn-1"],
      ["bare", null, null, null],
    ]);
    expect(logEvents[0].metadata).toEqual(frames()[6].metadata);
    expect(logEvents[1].metadata).toEqual({ level: "info", message: "no metadata", metadata: null });
    expect(logEvents[2].metadata).toEqual({ level: "info", message: "huge payload", metadata: { _truncated: true, _preview: '{"rows": [1, 2, 3' } });
    expect(logEvents[3].metadata).toBeNull();
    expect(byType("dtmf").map((e) => e.name)).toEqual(["5"]);
    expect(byType("custom").map((e) => e.metadata)).toEqual([{ crm: { ticket: 991, open: true } }]);
    expect(byType("config").map((e) => [e.name, e.metadata])).toEqual([
      ["es", { tts: { voice_id: "voice-es", pronunciation_dict_id: null, language: "es" }, stt: { language: "es" }, language: "es" }],
    ]);
    expect(byType("transfer").map((e) => [e.name, e.responding_to])).toEqual([["+15551234567", "evt-turn-1"]]);
    expect(byType("end_call").map((e) => [e.name, e.responding_to])).toEqual([["agent_ended", "evt-turn-1"]]);
    expect(byType("error").map((e) => [e.level, e.message?.split("\n")[0]])).toEqual([["error", "Error in agent.process: Traceback (most recent call last):"]]);
    // The call frame and its return frame are one tool call, and no event.
    expect(call.json.tool_calls).toEqual([
      {
        id: expect.any(String),
        tool_call_id: null,
        name: "lookup_order",
        arguments: { order_id: "A-1043", lines: [1, 2], gift: false },
        result: '{"status": "shipped"}',
        state: "returned",
        // Neither frame carried a time, and both came in one request: no duration can be told.
        duration_s: null,
        responding_to: "evt-turn-1",
        timestamp: null,
        timestamp_derived: true,
      },
    ]);
    // Fields without a column of their own are kept.
    const [end] = await query("select extra from call_events where call_id = $1 and kind = 'end_call'", [id]);
    expect(end.extra).toEqual({ interruptible: false });
    // An error frame marks the call as having an error.
    const withErrors = await api("GET", "/api/v1/calls?has_error=yes&limit=100");
    expect(withErrors.json.data.map((c: { id: string }) => c.id)).toContain(id);
  });

  it("accepts the same frames as a JSON array, and stores a resent batch once", async () => {
    const id = newCallId("MZwsarr");
    const first = await events(id, frames(), "application/json", { "idempotency-key": "ws-1" });
    expect(first.json).toMatchObject({ accepted: 18, stored: 18, failed: [] });
    const again = await events(id, frames(), "application/json", { "idempotency-key": "ws-1" });
    expect(again.json).toMatchObject({ accepted: 18, stored: 0, duplicates: 18 });
    expect(await query("select count(*)::int as n from tool_calls where call_id = $1", [id])).toEqual([{ n: 1 }]);
    expect(await query("select count(*)::int as n from call_events where call_id = $1", [id])).toEqual([{ n: 16 }]);
  });

  it("pairs call and return frames sent apart, in order, with the duration between their times", async () => {
    const id = newCallId("MZpair");
    const frame = (args: unknown, result: string | null, timestamp: number | string, extra: Record<string, unknown> = {}) => ({
      type: "tool_call",
      name: "lookup",
      arguments: args,
      result,
      id: null,
      responding_to: "evt-9",
      timestamp,
      ...extra,
    });
    // The same tool twice with the same arguments: each return closes the oldest open call.
    await events(id, [frame({ q: 1 }, null, 3.0), frame({ q: 1 }, null, 3.1)]);
    await events(id, frame({ q: 1 }, "first", 3.4));
    await events(id, frame({ q: 1 }, "second", 3.6));
    // Wall times pair the same way; arguments compare as JSON whatever their key order.
    await events(id, frame({ a: 1, b: [2, { c: 3 }] }, null, "2025-07-04T12:30:10.000Z"));
    await events(id, frame({ b: [2, { c: 3 }], a: 1 }, "ok", "2025-07-04T12:30:11.250Z"));
    // A return whose call never came is kept; a call frame that comes later completes it.
    await events(id, frame({ late: true }, "done", 9.5));
    await events(id, frame({ late: true }, null, 9.0));
    // Another responding_to is another call; a call with no return stays open.
    await events(id, frame({ q: 1 }, null, 12, { responding_to: "evt-10" }));
    // Non-string arguments and results are kept as they came.
    await events(id, [frame([1, "two", null], null, 13), frame([1, "two", null], 42 as unknown as string, 13.5)]);
    // With the tool call's id, frames pair by it.
    await events(id, [frame({ x: 1 }, null, 14, { id: "tc_9" }), frame({ x: 2 }, "by id", 14.75, { id: "tc_9" })]);
    const rows = await query(
      "select name, arguments, result, state, duration_s, responding_to, tool_call_id, turn_id, source from tool_calls where call_id = $1 order by offset_s nulls last, id",
      [id],
    );
    const rounded = rows.map((r) => ({ ...r, duration_s: r.duration_s === null ? null : Math.round(r.duration_s * 1000) / 1000 }));
    expect(rounded.map((r) => [r.arguments, r.result, r.state, r.duration_s, r.responding_to])).toEqual([
      [{ q: 1 }, "first", "returned", 0.4, "evt-9"],
      [{ q: 1 }, "second", "returned", 0.5, "evt-9"],
      [{ late: true }, "done", "returned", 0.5, "evt-9"],
      [{ q: 1 }, null, "called", null, "evt-10"],
      [[1, "two", null], 42, "returned", 0.5, "evt-9"],
      [{ x: 1 }, "by id", "returned", 0.75, "evt-9"],
      [{ a: 1, b: [2, { c: 3 }] }, "ok", "returned", 1.25, "evt-9"],
    ]);
    expect(rows.every((r) => r.turn_id === null && r.source === "telemetry")).toBe(true);
    expect(rows.find((r) => r.tool_call_id === "tc_9")).toBeTruthy();
    // The calls list finds the call by its tool calls.
    const withTools = await api("GET", "/api/v1/calls?has_tool_calls=yes&limit=100");
    expect(withTools.json.data.map((c: { id: string }) => c.id)).toContain(id);
    const call = await api("GET", `/api/v1/calls/${id}`);
    expect(call.json.tool_calls).toHaveLength(7);
    expect(call.json.tool_calls[0]).toMatchObject({ name: "lookup", state: "returned", duration_s: 0.4, timestamp: 3, timestamp_derived: false });
  });

  it("refuses a frame that breaks the shape, with its path, and keeps the rest", async () => {
    const id = newCallId("MZwsbad");
    const res = await events(id, [
      { type: "tool_call", arguments: {} },
      { type: "end_call", reason: 5 },
      { type: "end_call", reason: null },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.failed.map((f: { index: number; errors: { path: string }[] }) => [f.index, f.errors[0].path])).toEqual([
      [0, "name"],
      [1, "reason"],
    ]);
    expect(res.json.stored).toBe(1);
  });
});
