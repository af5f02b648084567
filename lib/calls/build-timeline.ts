// The Transcript tab's one timeline: turns, and between them in time order
// the call's log events, metrics, log lines and tool calls.
import type { EventView, TurnView } from "./get-call";

export type TimelineKind = "turn" | "log_event" | "log_metric" | "log" | "tool_call";

export type TimelineItem =
  | { kind: "turn"; key: string; atS: number; turn: TurnView }
  | { kind: "log_event" | "log_metric" | "log"; key: string; atS: number | null; event: EventView }
  | { kind: "tool_call"; key: string; atS: number; turn: TurnView; index: number };

/**
 * Sorted by time on the audio timeline. At the same time a turn comes first,
 * then what happened during it. Events with no time at all (a call whose
 * start is unknown) come last, in arrival order.
 */
export function buildTimeline(turns: TurnView[], events: EventView[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const turn of turns) {
    items.push({ kind: "turn", key: `t${turn.id}`, atS: turn.startS, turn });
    turn.toolCalls.forEach((_, index) => items.push({ kind: "tool_call", key: `tc${turn.id}:${index}`, atS: turn.endS ?? turn.startS, turn, index }));
  }
  for (const event of events) items.push({ kind: event.kind, key: `e${event.id}`, atS: event.atS, event });
  const order: Record<TimelineKind, number> = { turn: 0, tool_call: 1, log_event: 2, log_metric: 2, log: 2 };
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => {
      const at = a.item.atS;
      const bt = b.item.atS;
      if (at === null || bt === null) return at === bt ? a.i - b.i : at === null ? 1 : -1;
      return at - bt || order[a.item.kind] - order[b.item.kind] || a.i - b.i;
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
      const call = item.turn.toolCalls[item.index];
      return `${call.name} ${JSON.stringify(call.arguments ?? "")} ${typeof call.result === "string" ? call.result : JSON.stringify(call.result ?? "")}`;
    }
    default:
      return [item.event.name, item.event.message, item.kind === "log_metric" ? JSON.stringify(item.event.value) : null].filter(Boolean).join(" ");
  }
}

/** The positions, in `items`, of the entries that hold `query` (case and accents aside). */
export function findInTimeline(items: TimelineItem[], query: string): number[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const needle = fold(query.trim());
  if (!needle) return [];
  return items.flatMap((item, i) => (fold(searchableText(item)).includes(needle) ? [i] : []));
}
