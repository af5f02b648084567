// A call's turns and events as the call page reads them (lib/calls/get-call.ts),
// with nothing measured or sent but the fields a test gives.
import type { EventView, TurnView } from "../../lib/calls/get-call";

export function turnView(fields: Pick<TurnView, "id" | "startS" | "endS" | "text"> & Partial<TurnView>): TurnView {
  return {
    position: 0,
    role: "assistant",
    ttsTtfb: null,
    sttTtfb: null,
    wasInterrupted: null,
    endReason: null,
    vadBufferMs: null,
    textChunks: null,
    extra: null,
    toolCalls: [],
    ...fields,
  };
}

export function eventView(fields: Pick<EventView, "id" | "kind" | "name" | "atS"> & Partial<EventView>): EventView {
  return {
    level: null,
    message: null,
    value: null,
    metadata: null,
    respondingTo: null,
    atDerived: false,
    wallTime: null,
    receivedAt: "",
    source: "telemetry",
    ...fields,
  };
}
