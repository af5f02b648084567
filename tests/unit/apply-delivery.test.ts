import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CallState, callFigures, emptyCall, orderedTurns } from "@/lib/ingest/call-state";
import { parseRfc3339 } from "@/lib/cartesia/timestamps";
import { applyDelivery } from "@/lib/ingest/cartesia-webhook/apply-delivery";
import { type KnownDelivery, knownDeliverySchema } from "@/lib/cartesia/webhook-delivery";
import { fixture } from "../support/fixtures";

const load = (name: string) => knownDeliverySchema.parse(fixture(`webhooks/${name}`));

function run(deliveries: KnownDelivery[]) {
  const state: CallState = { call: emptyCall("MZ2c81f0d4e7b6a59382c1d0e4f7a6b5c3"), turns: new Map() };
  const events = new Map<string, unknown>();
  for (const d of deliveries) {
    for (const e of applyDelivery(state, d, parseRfc3339(d.timestamp)!.date)) events.set(e.externalId, e);
  }
  return { call: state.call, turns: orderedTurns(state), figures: callFigures(state), events: [...events.keys()].sort() };
}

// One call's deliveries in the seed's shape and the newer one.
const started = load("call_started.seed.json");
const completed = load("call_completed.seed.json");
const turn = load("call_turn.json");
const analysis = load("post_call_analysis.json");
const all = [started, completed, turn, analysis];

describe("applying a call's deliveries", () => {
  it("ends in the expected state in arrival order", () => {
    const { call, turns, figures } = run(all);
    expect(call.status).toBe("completed");
    expect(call.startTimeSource).toBe("call_started");
    expect(call.startTime?.toISOString()).toBe("2025-07-02T18:04:11.250Z");
    expect(call.endTime?.toISOString()).toBe("2025-07-02T18:05:02.771Z");
    expect(call.summary).toMatch(/ordered a large margherita/);
    expect(turns.map((t) => t.role)).toEqual(["assistant", "user", "assistant", "user", "assistant"]);
    // The complete transcript's text and the call_turn's tool call and interruption flag, on one turn.
    const third = turns[2];
    expect(third.final).toBe(true);
    expect(third.wasInterrupted).toBe(false);
    expect(third.ttsTtfb).toBeCloseTo(0.3418889045715332, 12);
    expect(third.toolCalls).toEqual([
      { toolCallId: null, name: "lookup_customer", arguments: { phone: "+15555550177" }, result: '{"found": true, "last_order": "margherita"}', extra: null },
    ]);
    expect(figures.turnCount).toBe(5);
    expect(figures.ttfbMax).toBeCloseTo(0.3418889045715332, 12);
    expect(figures.ttfbP50).toBeCloseTo(0.2871, 12);
  });

  it("ends in the same state for any order and any repetition (property)", () => {
    const expected = run(all);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: 4, maxLength: 4 }), fc.array(fc.constantFrom(...all), { maxLength: 4 }), (order, repeats) => {
        const mixed = [...order];
        repeats.forEach((d, i) => mixed.splice((i * 3) % (mixed.length + 1), 0, d));
        expect(run(mixed)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("never takes a finished call back to started", () => {
    const { call } = run([completed, started, turn]);
    expect(call.status).toBe("completed");
  });

  it("drops a partial turn that the complete transcript does not contain, whatever the order", () => {
    const stray = {
      ...turn,
      turn: { ...(turn.type === "call_turn" ? turn.turn : {}), start_timestamp: 99, end_timestamp: 100, text: "stray", role: "user" },
    } as KnownDelivery;
    const a = run([stray, completed]);
    const b = run([completed, stray]);
    expect(a.turns.some((t) => t.text === "stray")).toBe(false);
    expect(b).toEqual(a);
  });

  it("derives a start time when no call_started arrived, and marks it as derived", () => {
    const { call } = run([completed]);
    expect(call.startTimeSource).toBe("derived");
    // event time less the end of the last turn (22.75 s)
    expect(call.startTime?.toISOString()).toBe("2025-07-02T18:04:40.021Z");
  });

  it("keeps the typed call object's fields and turns its system rows into events", () => {
    const typed = load("call_completed.call-object.json");
    const state: CallState = { call: emptyCall("MZ5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e"), turns: new Map() };
    const events = applyDelivery(state, typed, parseRfc3339(typed.timestamp)!.date);
    expect(state.call).toMatchObject({
      status: "completed",
      endReason: "client_hangup",
      deploymentId: "dep_01K0PZ3M7X9C2V4B6N8Q1W3E5R",
      fromNumber: "+15555550142",
      toNumber: "+15555550199",
      startTimeSource: "call",
    });
    expect(orderedTurns(state).map((t) => t.role)).toEqual(["assistant", "user", "assistant"]);
    expect(orderedTurns(state)[1].sttTtfb).toBe(0.12);
    expect(events.map((e) => [e.kind, e.name, e.offsetS])).toEqual([
      ["log_event", "intent_detected", 5],
      ["log_metric", "lookup_ms", 8],
    ]);
    expect(events[1].value).toBe(412);
  });
});
