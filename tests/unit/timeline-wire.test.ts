import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildTimeline } from "@/lib/calls/build-timeline";
import { EVENT_KINDS } from "@/lib/calls/event-kinds";
import type { AgentToolCallView, EventView, ToolCallView, TurnView } from "@/lib/calls/get-call";
import { timelineFromJson, timelineToJson } from "@/lib/calls/timeline-wire";

const orNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
/** What an agent sends as a value or metadata: any JSON, nulls inside included. */
const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
/** fast-check's records have no prototype; the page's views are plain objects. */
const plain = <T extends object>(a: fc.Arbitrary<T>) => a.map((o) => ({ ...o }));
const time = fc.double({ min: 0, max: 3600, noNaN: true });

const toolCall: fc.Arbitrary<ToolCallView> = plain(fc.record({ toolCallId: orNull(fc.string()), name: fc.string(), arguments: json, result: json }));
const turn: fc.Arbitrary<TurnView> = plain(
  fc.record({
    id: fc.nat().map(String),
    position: fc.nat(),
    role: fc.constantFrom("user", "assistant"),
    text: orNull(fc.string()),
    startS: time,
    endS: orNull(time),
    ttsTtfb: orNull(fc.double({ min: 0, max: 10, noNaN: true })),
    sttTtfb: orNull(fc.double({ min: 0, max: 10, noNaN: true })),
    wasInterrupted: orNull(fc.boolean()),
    endReason: orNull(fc.string()),
    vadBufferMs: orNull(fc.nat()),
    textChunks: json,
    extra: json,
    toolCalls: fc.array(toolCall, { maxLength: 2 }),
  }),
);
const event: fc.Arbitrary<EventView> = plain(
  fc.record({
    id: fc.nat().map(String),
    kind: fc.constantFrom(...EVENT_KINDS),
    name: orNull(fc.string()),
    level: orNull(fc.constantFrom("INFO", "ERROR")),
    message: orNull(fc.string()),
    value: json,
    metadata: json,
    respondingTo: json,
    atS: orNull(time),
    atDerived: fc.boolean(),
    wallTime: orNull(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    receivedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    source: fc.constantFrom("telemetry", "cartesia"),
    codeLocation: orNull(fc.string()),
  }),
);
const reported: fc.Arbitrary<AgentToolCallView> = plain(
  fc.record({
    toolCallId: orNull(fc.string()),
    name: fc.string(),
    arguments: json,
    result: json,
    id: fc.nat().map(String),
    state: fc.constantFrom("called", "returned", "return_only"),
    respondingTo: json,
    atS: orNull(time),
    atDerived: fc.boolean(),
    durationS: orNull(fc.double({ min: 0, max: 60, noNaN: true })),
  }),
);

describe("the call page's timeline on the wire", () => {
  it("arrives as the timeline the page built, every null and every value inside kept", () => {
    fc.assert(
      fc.property(fc.array(turn, { maxLength: 8 }), fc.array(event, { maxLength: 12 }), fc.array(reported, { maxLength: 4 }), (turns, events, calls) => {
        const items = buildTimeline(turns, events, calls);
        const back = timelineFromJson(timelineToJson(items));
        expect(back).toStrictEqual(items);
        // The agent's reported call is one object, as the page draws its state from it.
        for (const item of back) if (item.kind === "tool_call" && item.reported) expect(item.call).toBe(item.reported);
      }),
    );
  });

  it("leaves out the null fields, so a long call's events send about two thirds of the bytes", () => {
    const events = Array.from({ length: 200 }, (_, i): EventView => ({
      id: String(i),
      kind: "log_event",
      name: `event_${i}`,
      level: null,
      message: null,
      value: i,
      metadata: { k: i },
      respondingTo: null,
      atS: i / 2,
      atDerived: false,
      wallTime: null,
      receivedAt: "2026-12-07T07:15:05.126Z",
      source: "telemetry",
      codeLocation: null,
    }));
    const items = buildTimeline([], events);
    const sent = timelineToJson(items).length;
    expect(sent).toBeLessThan(JSON.stringify(items).length * 0.7);
    expect(timelineToJson(items)).not.toContain("null");
  });
});
