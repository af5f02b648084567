// What a call whose transcript carries Line's nested and non-string shapes
// (fixtures/cartesia-api/transcript-line-shapes.json) must look like in the
// read API, whichever way it came: a webhook or a sync.
import { expect } from "vitest";

type Ev = { type: string; name: string | null; level: string | null; message: string | null; value: unknown; metadata: unknown; timestamp: number | null };
type CallJson = { events: Ev[]; transcript: { role: string; tool_calls: { id: string | null; name: string; arguments: unknown; result: unknown }[] }[] };

export function expectLineShapes(call: CallJson) {
  const logEvents = call.events.filter((e) => e.type === "log_event");
  expect(logEvents.map((e) => [e.name, e.level, e.message, e.timestamp])).toEqual([
    // A LogMessage keeps its level and message, as over the telemetry API.
    ["payment", "error", "card declined", 3.8],
    ["bare", null, null, 3.9],
    ["nested", null, null, 4],
  ]);
  expect(logEvents.map((e) => e.metadata)).toEqual([
    { level: "error", message: "card declined", metadata: { code: 51, card: { brand: "visa" } } },
    null,
    { order: { id: "A-1043", lines: [{ sku: "X", qty: 2 }] } },
  ]);
  expect(call.events.filter((e) => e.type === "log_metric").map((e) => [e.name, e.value])).toEqual([
    ["first_question", "yes"],
    ["vip", true],
    ["caller_flags", { tags: ["returning"] }],
    ["lookup_ms", 412],
  ]);
  const tools = call.transcript.flatMap((t) => t.tool_calls);
  expect(tools).toEqual([
    { id: "tc_obj", name: "lookup_order", arguments: { order_id: "A-1043", lines: [1, 2], gift: false }, result: { status: "shipped" } },
    { id: "tc_list", name: "score", arguments: [1, 2, 3], result: 0.93 },
    { id: "tc_num", name: "wait", arguments: 5, result: null },
  ]);
}
