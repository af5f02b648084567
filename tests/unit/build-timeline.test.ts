import { describe, expect, it } from "vitest";
import { buildTimeline, turnAt } from "@/lib/calls/build-timeline";
import type { EventView, TurnView } from "@/lib/calls/get-call";

const turn = (id: string, startS: number, endS: number, toolCalls: TurnView["toolCalls"] = []): TurnView => ({
  id,
  position: 0,
  role: "assistant",
  text: id,
  startS,
  endS,
  ttsTtfb: null,
  sttTtfb: null,
  wasInterrupted: null,
  endReason: null,
  vadBufferMs: null,
  textChunks: null,
  extra: null,
  toolCalls,
});
const event = (id: string, kind: EventView["kind"], atS: number | null): EventView => ({
  id,
  kind,
  name: id,
  level: null,
  message: null,
  value: null,
  metadata: null,
  respondingTo: null,
  atS,
  atDerived: false,
  wallTime: null,
  receivedAt: "",
  source: "telemetry",
});

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
});
