import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getCallDeliveries } from "@/lib/calls/get-call";
import { replayDelivery } from "@/lib/ingest/cartesia-webhook/replay-delivery";
import { query, testPool } from "../support/db";
import { api, fixture, newCallId, postWebhook } from "../support/http";
import { expectLineShapes } from "../support/line-shapes";

type Delivery = Record<string, any>;

/** The fixtures of one call, moved onto a fresh call id. */
function seedCall(id = newCallId()) {
  const move = (d: Delivery): Delivery => ({ ...d, request_id: id });
  return {
    id,
    started: move(fixture("webhooks/call_started.seed.json")),
    completed: move(fixture("webhooks/call_completed.seed.json")),
    turn: move(fixture("webhooks/call_turn.json")),
    analysis: move(fixture("webhooks/post_call_analysis.json")),
  };
}

/** Everything stored about a call, without ids and bookkeeping times. */
async function callSnapshot(id: string) {
  const [call] = await query(
    `select agent_id, deployment_id, status, start_time, start_time_source, end_time, end_time_source, end_reason, summary,
            turn_count, duration_s, ttfb_p50, ttfb_max, transcript_final, search_vector::text as search
     from calls where id = $1`,
    [id],
  );
  const turns = await query(
    `select position, role, text, start_s, end_s, tts_ttfb, stt_ttfb, was_interrupted, final,
            (select json_agg(json_build_object('name', name, 'arguments', arguments, 'result', result) order by position)
             from tool_calls tc where tc.turn_id = t.id) as tool_calls
     from turns t where call_id = $1 order by position`,
    [id],
  );
  const events = await query(`select kind, name, value, metadata, offset_s from call_events where call_id = $1 order by external_id`, [id]);
  return { call, turns, events };
}

describe("POST /api/webhooks/cartesia", () => {
  it("stores every fixture and answers 200", async () => {
    for (const name of [
      "call_started.seed.json",
      "call_completed.seed.json",
      "call_failed.seed.json",
      "call_turn.json",
      "post_call_analysis.json",
      "call_completed.call-object.json",
    ]) {
      const delivery = fixture(`webhooks/${name}`);
      const id = newCallId();
      delivery.request_id = id;
      if (delivery.call) delivery.call.id = id;
      const res = await postWebhook(delivery);
      expect(res.status, name).toBe(200);
      expect(res.json).toMatchObject({ ok: true, outcome: "applied", call_id: id });
      const [stored] = await query("select type, outcome, payload from webhook_deliveries where id = $1", [res.json.delivery_id]);
      expect(stored.type).toBe(delivery.type);
      expect(stored.payload).toEqual(delivery);
    }
  });

  it("keeps the typed call object's fields, turns and system-row events", async () => {
    const delivery = fixture("webhooks/call_completed.call-object.json") as Delivery;
    const id = newCallId();
    delivery.request_id = id;
    delivery.call.id = id;
    expect((await postWebhook(delivery)).status).toBe(200);
    const { call, turns, events } = await callSnapshot(id);
    expect(call).toMatchObject({
      status: "completed",
      end_reason: "client_hangup",
      deployment_id: "dep_01K0PZ3M7X9C2V4B6N8Q1W3E5R",
      start_time_source: "call",
    });
    expect(turns.map((t) => t.role)).toEqual(["assistant", "user", "assistant"]);
    expect(turns[2].tool_calls).toEqual([{ name: "opening_hours", arguments: { day: "sunday" }, result: null }]);
    expect(events.map((e) => [e.kind, e.name, e.offset_s])).toEqual([
      ["log_event", "intent_detected", 5],
      ["log_metric", "lookup_ms", 8],
    ]);
    const [deployment] = await query("select agent_id from deployments where id = $1", ["dep_01K0PZ3M7X9C2V4B6N8Q1W3E5R"]);
    expect(deployment.agent_id).toBe("agent_pizzeria");
  });

  it.each([
    ["missing", null],
    ["empty", ""],
    ["wrong", "whsec_wrong"],
    ["a prefix of the right one", "whsec_test_0123"],
    ["the right one in another case", "WHSEC_TEST_0123456789ABCDEFGHIJKLMNOP"],
    ["overlong", "w".repeat(5000)],
  ])("refuses a %s secret with 401 and stores nothing", async (_, secret) => {
    const { id, completed } = seedCall();
    const res = await postWebhook(completed, { secret });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
    expect(await query("select 1 from webhook_deliveries where call_id = $1", [id])).toHaveLength(0);
    expect(await query("select 1 from calls where id = $1", [id])).toHaveLength(0);
  });

  it("answers 400 to malformed JSON", async () => {
    const res = await postWebhook(null, { raw: '{"type": "call_started", ' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_json");
  });

  it("answers 422 with the failing paths, logs the delivery as invalid and changes no call", async () => {
    const { id, completed } = seedCall();
    const bad = { ...completed, body: [{ role: "user", text: 7, start_timestamp: "soon" }] };
    const res = await postWebhook(bad);
    expect(res.status).toBe(422);
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["body.0.text", "body.0.start_timestamp"]));
    const [logged] = await query("select outcome from webhook_deliveries where call_id = $1", [id]);
    expect(logged.outcome).toBe("invalid");
    expect(await query("select 1 from calls where id = $1", [id])).toHaveLength(0);
  });

  it("answers 422 to values no call can have (offsets beyond a week, impossible dates), logging them as invalid", async () => {
    for (const change of [
      (d: any) => ({ ...d, body: [{ ...d.body[0], end_timestamp: 9007199254740992 }] }),
      (d: any) => ({ ...d, timestamp: "2025-13-45T99:99:99Z" }),
    ]) {
      const { id, completed } = seedCall();
      const res = await postWebhook(change(completed));
      expect(res.status).toBe(422);
      expect(res.json.error.code).toBe("validation_failed");
      const logged = await query("select outcome from webhook_deliveries where call_id = $1", [id]);
      expect(logged.map((r) => r.outcome)).toEqual(["invalid"]);
      expect(await query("select 1 from calls where id = $1", [id])).toHaveLength(0);
    }
  });

  it("stores a body that is JSON null as sent, logged as invalid", async () => {
    const res = await postWebhook(null, { raw: "null" });
    expect(res.status).toBe(422);
    const key = createHash("sha256").update("null").digest("hex");
    const rows = await query("select outcome, payload = 'null'::jsonb as is_null from webhook_deliveries where dedup_key = $1", [key]);
    expect(rows).toEqual([{ outcome: "invalid", is_null: true }]);
  });

  it("refuses a body over the limit with 413", async () => {
    const { completed } = seedCall();
    const huge = { ...completed, body: [{ role: "user", text: "x".repeat(11 * 1024 * 1024), start_timestamp: 1 }] };
    const res = await postWebhook(huge);
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
  });

  it("accepts unknown event types, stores them raw and marks them", async () => {
    const id = newCallId();
    const delivery = { type: "call_transferred", request_id: id, agent_id: "agent_demo", webhook_id: "w", timestamp: "2025-06-24T23:36:40Z", to: "+1555" };
    const res = await postWebhook(delivery);
    expect(res.status).toBe(200);
    expect(res.json.outcome).toBe("unknown_type");
    const [row] = await query("select outcome, payload from webhook_deliveries where id = $1", [res.json.delivery_id]);
    expect(row).toEqual({ outcome: "unknown_type", payload: delivery });
  });

  it("keeps unicode and emoji text intact and finds it by search", async () => {
    const { id, completed } = seedCall();
    completed.body[1].text = 'Ich möchte den Termin verschieben — 日本語もOK 👍🏽, "quoted", new\nline';
    expect((await postWebhook(completed)).status).toBe(200);
    const [turn] = await query("select text from turns where call_id = $1 and role = 'user' order by position limit 1", [id]);
    expect(turn.text).toBe(completed.body[1].text);
    const found = await query("select id from calls where search_vector @@ websearch_to_tsquery('simple', $1)", ["möchte"]);
    expect(found.map((r) => r.id)).toContain(id);
  });

  it("answers a retried delivery as a duplicate and changes nothing", async () => {
    const { id, completed } = seedCall();
    const first = await postWebhook(completed);
    const before = await callSnapshot(id);
    const [{ updated_at }] = await query("select updated_at from calls where id = $1", [id]);
    const again = await postWebhook(completed);
    expect(first.json.outcome).toBe("applied");
    expect(again.status).toBe(200);
    expect(again.json.outcome).toBe("duplicate");
    expect(await callSnapshot(id)).toEqual(before);
    expect((await query("select updated_at from calls where id = $1", [id]))[0].updated_at).toEqual(updated_at);
    expect(await query("select 1 from webhook_deliveries where call_id = $1", [id])).toHaveLength(1);
  });

  it("replays a stored delivery without changing its call, and applies one logged invalid once it validates", async () => {
    const reference = seedCall();
    for (const d of [reference.started, reference.completed]) expect((await postWebhook(d)).status).toBe(200);
    const expected = await callSnapshot(reference.id);

    const { id, started, completed } = seedCall();
    const stored = await postWebhook(completed);
    const { timestamp, ...untimed } = started;
    expect((await postWebhook(untimed)).status).toBe(422);
    const [invalid] = await query("select id from webhook_deliveries where call_id = $1 and outcome = 'invalid'", [id]);
    const before = await callSnapshot(id);
    expect(await replayDelivery(testPool(), stored.json.delivery_id)).toEqual({ ok: true, outcome: "applied" });
    expect(await callSnapshot(id)).toEqual(before);
    expect(await replayDelivery(testPool(), invalid.id)).toMatchObject({ ok: false, reason: expect.stringMatching(/still invalid/) });
    await query("update webhook_deliveries set payload = payload || jsonb_build_object('timestamp', $2::text) where id = $1", [invalid.id, timestamp]);
    expect(await replayDelivery(testPool(), invalid.id)).toEqual({ ok: true, outcome: "applied" });
    expect(await callSnapshot(id)).toEqual(expected);
    expect(await query("select outcome, error from webhook_deliveries where id = $1", [invalid.id])).toEqual([{ outcome: "applied", error: null }]);
  });

  it("keeps nanosecond event times as sent and orders by them", async () => {
    const { id, started, turn } = seedCall();
    // The later event (by one nanosecond) arrives first.
    const later = await postWebhook({ ...turn, timestamp: "2025-06-24T23:35:51.102938113Z" });
    const earlier = await postWebhook({ ...started, timestamp: "2025-06-24T23:35:51.102938112Z" });
    const [row] = await query("select event_time, event_time_ns::text as ns from webhook_deliveries where id = $1", [earlier.json.delivery_id]);
    expect(row.event_time).toBe("2025-06-24T23:35:51.102938112Z");
    expect(row.ns).toBe("1750808151102938112");
    expect(Number(later.json.delivery_id)).toBeLessThan(Number(earlier.json.delivery_id));
    // The call's deliveries (its Raw tab) come in event order, not arrival order.
    const deliveries = await getCallDeliveries(testPool(), id);
    expect(deliveries.map((d) => d.eventTime)).toEqual(["2025-06-24T23:35:51.102938112Z", "2025-06-24T23:35:51.102938113Z"]);
  });

  it("ends in the same state for any order and repetition of a call's deliveries (property)", async () => {
    const reference = seedCall();
    for (const d of [reference.started, reference.turn, reference.completed, reference.analysis]) await postWebhook(d);
    const expected = await callSnapshot(reference.id);
    expect(expected.call.status).toBe("completed");
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(["started", "turn", "completed", "analysis"] as const, { minLength: 4, maxLength: 4 }),
        fc.array(fc.constantFrom("started", "turn", "completed", "analysis"), { maxLength: 3 }),
        async (order, repeats) => {
          const call = seedCall();
          for (const key of [...order, ...repeats]) expect((await postWebhook(call[key])).status).toBe(200);
          const snapshot = await callSnapshot(call.id);
          expect({ ...snapshot, call: { ...snapshot.call } }).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("handles concurrent deliveries for one call without losing any", async () => {
    const call = seedCall();
    const turns = Array.from({ length: 12 }, (_, i) => ({
      ...call.turn,
      timestamp: `2025-06-24T23:36:${String(10 + i).padStart(2, "0")}.000Z`,
      turn: { role: i % 2 ? "user" : "assistant", text: `turn ${i}`, start_timestamp: 30 + i * 2, end_timestamp: 31 + i * 2, tool_calls: [] },
    }));
    const results = await Promise.all([call.started, call.analysis, ...turns].map((d) => postWebhook(d)));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    const { call: row, turns: stored } = await callSnapshot(call.id);
    expect(row.turn_count).toBe(12);
    expect(stored.map((t) => t.text)).toEqual(turns.map((t) => t.turn.text));
    expect(row.summary).toMatch(/large margherita/);
  });

  it("keeps Line's nested and non-string shapes in a transcript: metadata nested or null, any arguments, any metric value", async () => {
    const id = newCallId("MZshapes");
    const d = fixture("webhooks/call_completed.call-object.json");
    const transcript = fixture<object[]>("cartesia-api/transcript-line-shapes.json");
    const res = await postWebhook({ ...d, request_id: id, call: { ...d.call, id, transcript } });
    expect(res.status).toBe(200);
    const call = await api("GET", `/api/v1/calls/${id}`);
    expect(call.status).toBe(200);
    expectLineShapes(call.json);
  });
});
