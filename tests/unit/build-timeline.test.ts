import { describe, expect, it } from "vitest";
import { buildTimeline, chipOf, findInTimeline, turnAt } from "@/lib/calls/build-timeline";
import { EVENT_KINDS } from "@/lib/calls/event-kinds";
import type { AgentToolCallView, EventView, TurnView } from "@/lib/calls/get-call";
import { eventView, turnView } from "../support/call-views";

const turn = (id: string, startS: number, endS: number, toolCalls: TurnView["toolCalls"] = []) => turnView({ id, text: id, startS, endS, toolCalls });
const event = (id: string, kind: EventView["kind"], atS: number | null) => eventView({ id, kind, name: id, atS });

describe("the transcript timeline", () => {
  it("puts events between the turns in time order, turns first at equal times, untimed events last", () => {
    const turns = [turn("t1", 0, 2), turn("t2", 5, 8, [{ toolCallId: null, name: "lookup", arguments: {}, result: null }])];
    const events = [event("late", "log", null), event("m", "log_metric", 5), event("e", "log_event", 3)];
    const keys = buildTimeline(turns, events).map((i) => i.key);
    expect(keys).toEqual(["tt1", "ee", "tt2", "em", "tct2:0", "elate"]);
  });

  it("finds the turn being spoken at a time", () => {
    const turns = [turn("a", 1, 2), turn("b", 3, 4)];
    expect(turnAt(turns, 0.5)).toBeNull();
    expect(turnAt(turns, 2.5)?.id).toBe("a");
    expect(turnAt(turns, 3)?.id).toBe("b");
  });

  it("places the agent's reported tool calls and Line's other frames by their own times", () => {
    const turns = [turn("t1", 0, 2), turn("t2", 5, 8)];
    const reported: AgentToolCallView = {
      id: "9",
      toolCallId: null,
      name: "lookup_order",
      arguments: { order_id: "A-1043" },
      result: '{"status": "shipped"}',
      state: "returned",
      respondingTo: "evt-1",
      atS: 3.5,
      atDerived: false,
      durationS: 0.4,
    };
    const events = [event("end", "end_call", 8.5), event("xfer", "transfer", 7), event("boom", "error", null)];
    const items = buildTimeline(turns, events, [reported]);
    expect(items.map((i) => i.key)).toEqual(["tt1", "ta9", "tt2", "exfer", "eend", "eboom"]);
    const tool = items[1];
    expect(tool.kind === "tool_call" && tool.reported?.durationS).toBe(0.4);
    expect(findInTimeline(items, "shipped")).toEqual([1]);
  });

  it("gives every kind of entry a filter chip", () => {
    expect(EVENT_KINDS.map(chipOf)).toEqual(["event", "metric", "log", "call", "call", "call", "event", "event", "event", "event"]);
    expect([chipOf("turn"), chipOf("tool_call")]).toEqual(["turn", "tool_call"]);
  });
});
