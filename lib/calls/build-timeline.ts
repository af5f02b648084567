// The Transcript tab's one timeline: turns, and between them in time order
// the call's log events, metrics, log lines, tool calls (from the transcript
// and from the agent's telemetry) and the agent's other frames.
import type { EventKind } from "./event-kinds";
import type { AgentToolCallView, EventView, ToolCallView, TurnView } from "./get-call";

export type TimelineKind = "turn" | "tool_call" | EventKind;

export type TimelineItem =
  | { kind: "turn"; key: string; atS: number; turn: TurnView }
  | { kind: EventKind; key: string; atS: number | null; event: EventView }
  /** `reported` is set for a tool call from the telemetry API (with its state, duration and responding_to) */
  | { kind: "tool_call"; key: string; atS: number | null; call: ToolCallView; reported: AgentToolCallView | null };

/** The timeline's filter chips, and the kinds each one shows. */
export const TIMELINE_CHIPS = [
  { chip: "turn", label: "Turns" },
  { chip: "tool_call", label: "Tool calls" },
  { chip: "event", label: "Events" },
  { chip: "call", label: "Call control" },
  { chip: "metric", label: "Metrics" },
  { chip: "log", label: "Logs" },
] as const;
export type TimelineChip = (typeof TIMELINE_CHIPS)[number]["chip"];

export function chipOf(kind: TimelineKind): TimelineChip {
  switch (kind) {
    case "turn":
    case "tool_call":
    case "log":
      return kind;
    case "log_metric":
      return "metric";
    case "end_call":
    case "transfer":
    case "dtmf":
      return "call";
    case "log_event":
    case "error":
    case "custom":
    case "message":
    case "config":
      return "event";
    default: {
      const exhaustive: never = kind;
      return exhaustive;
    }
  }
}

/**
 * Sorted by time on the audio timeline. At the same time a turn comes first,
 * then what happened during it. Events with no time at all (a call whose
 * start is unknown) come last, in arrival order.
 */
export function buildTimeline(turns: TurnView[], events: EventView[], toolCalls: AgentToolCallView[] = []): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const turn of turns) {
    items.push({ kind: "turn", key: `t${turn.id}`, atS: turn.startS, turn });
    turn.toolCalls.forEach((call, index) =>
      items.push({ kind: "tool_call", key: `tc${turn.id}:${index}`, atS: turn.endS ?? turn.startS, call, reported: null }),
    );
  }
  for (const call of toolCalls) items.push({ kind: "tool_call", key: `ta${call.id}`, atS: call.atS, call, reported: call });
  for (const event of events) items.push({ kind: event.kind, key: `e${event.id}`, atS: event.atS, event });
  const order = (kind: TimelineKind) => (kind === "turn" ? 0 : kind === "tool_call" ? 1 : 2);
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => {
      const at = a.item.atS;
      const bt = b.item.atS;
      if (at === null || bt === null) return at === bt ? a.i - b.i : at === null ? 1 : -1;
      return at - bt || order(a.item.kind) - order(b.item.kind) || a.i - b.i;
    })
    .map(({ item }) => item);
}

/** The turn being spoken at `time`: the last turn that started at or before it. */
export function turnAt(turns: TurnView[], time: number): TurnView | null {
  let found: TurnView | null = null;
  for (const turn of turns) {
    if (turn.startS <= time) found = turn;
    else break;
  }
  return found;
}

/** The words of a timeline entry that "Find in this call" looks through. */
export function searchableText(item: TimelineItem): string {
  switch (item.kind) {
    case "turn":
      return item.turn.text ?? "";
    case "tool_call": {
      const { call } = item;
      return `${call.name} ${JSON.stringify(call.arguments ?? "")} ${typeof call.result === "string" ? call.result : JSON.stringify(call.result ?? "")}`;
    }
    default:
      return [
        item.event.name,
        item.event.message,
        item.kind === "log_metric" ? JSON.stringify(item.event.value) : null,
        item.kind === "custom" || item.kind === "config" ? JSON.stringify(item.event.metadata) : null,
      ]
        .filter(Boolean)
        .join(" ");
  }
}

/** The positions, in `items`, of the entries that hold `query` (case and accents aside). */
export function findInTimeline(items: TimelineItem[], query: string): number[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const needle = fold(query.trim());
  if (!needle) return [];
  return items.flatMap((item, i) => (fold(searchableText(item)).includes(needle) ? [i] : []));
}
