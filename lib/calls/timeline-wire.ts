// The call page's timeline as the browser receives it: one JSON text rather
// than props React sends value by value (and renders again on the server),
// with the fields whose value is null left out, since most of an event's are.
// A call with thousands of entries sends about half the bytes, and the page
// spends a fraction of the time it took to serialise them one by one.
import type { TimelineItem } from "./build-timeline";
import type { AgentToolCallView, EventView, ToolCallView, TurnView } from "./get-call";

/** Every field of each view: the ones missing on arrival were null. `satisfies` keeps the lists whole. */
const TURN_FIELDS = {
  id: 1,
  position: 1,
  role: 1,
  text: 1,
  startS: 1,
  endS: 1,
  ttsTtfb: 1,
  sttTtfb: 1,
  wasInterrupted: 1,
  endReason: 1,
  vadBufferMs: 1,
  textChunks: 1,
  extra: 1,
  toolCalls: 1,
} satisfies Record<keyof TurnView, 1>;
const TOOL_CALL_FIELDS = { toolCallId: 1, name: 1, arguments: 1, result: 1 } satisfies Record<keyof ToolCallView, 1>;
const AGENT_TOOL_CALL_FIELDS = {
  ...TOOL_CALL_FIELDS,
  id: 1,
  state: 1,
  respondingTo: 1,
  atS: 1,
  atDerived: 1,
  durationS: 1,
} satisfies Record<keyof AgentToolCallView, 1>;
const EVENT_FIELDS = {
  id: 1,
  kind: 1,
  name: 1,
  level: 1,
  message: 1,
  value: 1,
  metadata: 1,
  respondingTo: 1,
  atS: 1,
  atDerived: 1,
  wallTime: 1,
  receivedAt: 1,
  source: 1,
  codeLocation: 1,
} satisfies Record<keyof EventView, 1>;

/** One entry: its key and time as the timeline gave them, and what it holds. */
type Packed = { key: string; at: number | null } & (
  | { t: TurnView }
  | { e: EventView }
  /** a tool call from the transcript, or one the agent reported (`r`: the call with its state) */
  | { c: ToolCallView }
  | { r: AgentToolCallView }
);

/** A view's own fields without the null ones; what they hold (metadata, arguments) is left as it is. */
function withoutNulls<T extends object>(view: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(view)) if (v !== null) out[k] = v;
  return out as T;
}

function withNulls<T extends object>(packed: T, fields: Record<string, 1>): T {
  const out: Record<string, unknown> = { ...(packed as Record<string, unknown>) };
  for (const k in fields) if (out[k] === undefined) out[k] = null;
  return out as T;
}

export function timelineToJson(items: TimelineItem[]): string {
  const packed = items.map((item): Packed => {
    const head = { key: item.key, at: item.atS };
    if (item.kind === "turn") return { ...head, t: { ...withoutNulls(item.turn), toolCalls: item.turn.toolCalls.map(withoutNulls) } };
    if (item.kind === "tool_call") return item.reported ? { ...head, r: withoutNulls(item.reported) } : { ...head, c: withoutNulls(item.call) };
    return { ...head, e: withoutNulls(item.event) };
  });
  return JSON.stringify(packed);
}

export function timelineFromJson(text: string): TimelineItem[] {
  return (JSON.parse(text) as Packed[]).map((p): TimelineItem => {
    const head = { key: p.key, atS: p.at };
    if ("t" in p) {
      const toolCalls = p.t.toolCalls.map((c) => withNulls(c, TOOL_CALL_FIELDS));
      return { ...head, kind: "turn", atS: p.t.startS, turn: withNulls({ ...p.t, toolCalls }, TURN_FIELDS) };
    }
    if ("e" in p) {
      const event = withNulls(p.e, EVENT_FIELDS);
      return { ...head, kind: event.kind, event };
    }
    if ("r" in p) {
      // A reported call is one object in both places, as the timeline built it.
      const reported = withNulls(p.r, AGENT_TOOL_CALL_FIELDS);
      return { ...head, kind: "tool_call", call: reported, reported };
    }
    return { ...head, kind: "tool_call", call: withNulls(p.c, TOOL_CALL_FIELDS), reported: null };
  });
}
