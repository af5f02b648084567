// The state of one call as the ingest sees it, and the pure rules that merge
// what a delivery says into it. Every rule is order-independent: any order
// (and any repetition) of a call's deliveries ends in the same state.
import type { TurnMeasures } from "@/lib/cartesia/turn-measures";

export type ToolCallRecord = {
  toolCallId: string | null;
  name: string;
  arguments: unknown;
  result: unknown;
  extra: Record<string, unknown> | null;
};

export type TurnRecord = TurnMeasures & {
  role: string;
  startS: number;
  startMs: number;
  endS: number | null;
  text: string | null;
  extra: Record<string, unknown> | null;
  /** body | call | call_turn | api */
  source: string;
  /** part of a complete transcript (call_completed / call_failed / the Calls API) */
  final: boolean;
  toolCalls: ToolCallRecord[];
};

export type CallRecord = {
  id: string;
  agentId: string | null;
  deploymentId: string | null;
  status: string;
  startTime: Date | null;
  startTimeSource: StartSource | null;
  endTime: Date | null;
  endTimeSource: EndSource | null;
  fieldsRank: number;
  endReason: string | null;
  summary: string | null;
  errorMessage: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  telephony: unknown;
  metadata: unknown;
  agentName: string | null;
  webhookId: string | null;
  extra: Record<string, unknown> | null;
  transcriptFinal: boolean;
};

export type CallState = { call: CallRecord; turns: Map<string, TurnRecord> };

/**
 * A log event or metric that a source's description of a call carries (a
 * transcript's system rows, say). Its external id is derived from its
 * content, so that the same event described again is stored once.
 */
export type CallEventRecord = {
  externalId: string;
  kind: "log_event" | "log_metric";
  name: string;
  /** a LogMessage (metadata with level and message) keeps its level and message, as over the telemetry API */
  level: string | null;
  message: string | null;
  value: unknown;
  metadata: unknown;
  offsetS: number;
  extra: Record<string, unknown> | null;
};

export type StartSource = "call" | "call_started" | "derived";
export type EndSource = "call" | "event";

const START_RANK: Record<StartSource, number> = { derived: 1, call_started: 2, call: 3 };
const END_RANK: Record<EndSource, number> = { event: 1, call: 2 };

const STATUS_RANK: Record<string, number> = {
  placeholder: 0,
  created: 1,
  queued: 1,
  started: 2,
  active: 2,
  in_progress: 2,
  completed: 3,
  cancelled: 3,
  failed: 4,
};

export function statusRank(status: string): number {
  return STATUS_RANK[status] ?? 2;
}

export function isTerminal(status: string): boolean {
  return statusRank(status) >= 3;
}

/** The later stage of a call wins; at the same stage the choice is still deterministic. */
export function mergeStatus(current: string, incoming: string): string {
  const a = statusRank(current);
  const b = statusRank(incoming);
  if (a !== b) return a > b ? current : incoming;
  return current >= incoming ? current : incoming;
}

export function turnKey(role: string, startMs: number): string {
  return `${role}:${startMs}`;
}

export function emptyCall(id: string): CallRecord {
  return {
    id,
    agentId: null,
    deploymentId: null,
    status: "placeholder",
    startTime: null,
    startTimeSource: null,
    endTime: null,
    endTimeSource: null,
    fieldsRank: 0,
    endReason: null,
    summary: null,
    errorMessage: null,
    fromNumber: null,
    toNumber: null,
    telephony: null,
    metadata: null,
    agentName: null,
    webhookId: null,
    extra: null,
    transcriptFinal: false,
  };
}

export function mergeStart(call: CallRecord, time: Date | null, source: StartSource) {
  if (!time) return;
  const current = call.startTimeSource ? START_RANK[call.startTimeSource] : 0;
  const incoming = START_RANK[source];
  if (incoming > current || (incoming === current && call.startTime && time < call.startTime)) {
    call.startTime = time;
    call.startTimeSource = source;
  }
}

export function mergeEnd(call: CallRecord, time: Date | null, source: EndSource) {
  if (!time) return;
  const current = call.endTimeSource ? END_RANK[call.endTimeSource] : 0;
  const incoming = END_RANK[source];
  if (incoming > current || (incoming === current && call.endTime && time > call.endTime)) {
    call.endTime = time;
    call.endTimeSource = source;
  }
}

export type CallFields = Partial<
  Pick<
    CallRecord,
    "agentId" | "deploymentId" | "endReason" | "errorMessage" | "fromNumber" | "toNumber" | "telephony" | "metadata" | "agentName" | "webhookId" | "extra"
  >
>;

/**
 * Fields of a delivery at `rank` (its status rank): a later stage of the call
 * overwrites what an earlier one said; an earlier stage only fills gaps.
 */
export function mergeFields(call: CallRecord, fields: CallFields, rank: number) {
  const overwrite = rank > call.fieldsRank;
  for (const [key, value] of Object.entries(fields) as [keyof CallFields, unknown][]) {
    if (value === null || value === undefined) continue;
    if (key === "extra" && call.extra) {
      // Fields kept as sent are merged one by one: a field that only a later description carries (redacted_at) is not lost.
      const incoming = value as Record<string, unknown>;
      call.extra = overwrite ? { ...call.extra, ...incoming } : { ...incoming, ...call.extra };
      continue;
    }
    if (overwrite || call[key] === null || call[key] === undefined) (call as Record<string, unknown>)[key] = value;
  }
  if (overwrite) call.fieldsRank = rank;
}

function pick<T>(preferred: T | null | undefined, other: T | null | undefined): T | null {
  return preferred !== null && preferred !== undefined ? preferred : (other ?? null);
}

function mergeToolCalls(preferred: ToolCallRecord[], other: ToolCallRecord[]): ToolCallRecord[] {
  const length = Math.max(preferred.length, other.length);
  const merged: ToolCallRecord[] = [];
  for (let i = 0; i < length; i++) {
    const a = preferred[i];
    const b = other[i];
    if (!a || !b) {
      merged.push((a ?? b)!);
      continue;
    }
    merged.push({
      toolCallId: pick(a.toolCallId, b.toolCallId),
      name: a.name || b.name,
      arguments: pick(a.arguments, b.arguments),
      result: pick(a.result, b.result),
      extra: a.extra || b.extra ? { ...(b.extra ?? {}), ...(a.extra ?? {}) } : null,
    });
  }
  return merged;
}

/** One turn described twice: what a complete transcript says wins, what only the other carried is kept. */
export function mergeTurn(existing: TurnRecord, incoming: TurnRecord): TurnRecord {
  const [a, b] = existing.final && !incoming.final ? [existing, incoming] : [incoming, existing];
  return {
    role: a.role,
    startS: a.startS,
    startMs: a.startMs,
    endS: pick(a.endS, b.endS),
    text: pick(a.text, b.text),
    ttsTtfb: pick(a.ttsTtfb, b.ttsTtfb),
    sttTtfb: pick(a.sttTtfb, b.sttTtfb),
    wasInterrupted: pick(a.wasInterrupted, b.wasInterrupted),
    endReason: pick(a.endReason, b.endReason),
    vadBufferMs: pick(a.vadBufferMs, b.vadBufferMs),
    textChunks: pick(a.textChunks, b.textChunks),
    extra: a.extra || b.extra ? { ...(b.extra ?? {}), ...(a.extra ?? {}) } : null,
    source: a.source,
    final: a.final || b.final,
    toolCalls: mergeToolCalls(a.toolCalls, b.toolCalls),
  };
}

/**
 * A complete transcript replaces the partial turns it does not contain; a
 * partial turn that arrives after a complete transcript only adds to a turn
 * it matches (same role, same start to the millisecond).
 */
export function mergeTurns(state: CallState, incoming: TurnRecord[], final: boolean) {
  if (final) {
    const keys = new Set(incoming.map((t) => turnKey(t.role, t.startMs)));
    for (const [key, turn] of state.turns) if (!turn.final && !keys.has(key)) state.turns.delete(key);
    state.call.transcriptFinal = true;
  }
  for (const turn of incoming) {
    const key = turnKey(turn.role, turn.startMs);
    const existing = state.turns.get(key);
    if (existing) state.turns.set(key, mergeTurn(existing, turn));
    else if (final || !state.call.transcriptFinal) state.turns.set(key, turn);
  }
}

export function orderedTurns(state: CallState): TurnRecord[] {
  return [...state.turns.values()].sort((a, b) => a.startMs - b.startMs || a.role.localeCompare(b.role));
}

export type CallFigures = {
  turnCount: number;
  durationS: number | null;
  ttfbP50: number | null;
  ttfbMax: number | null;
  transcriptText: string;
};

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The figures kept on the call row so that the list can sort and show them without reading turns. */
export function callFigures(state: CallState): CallFigures {
  const turns = orderedTurns(state);
  const ttfbs = turns.filter((t) => t.ttsTtfb !== null).map((t) => t.ttsTtfb as number);
  const { startTime, endTime } = state.call;
  const lastEnd = turns.reduce((max, t) => Math.max(max, t.endS ?? t.startS), 0);
  return {
    turnCount: turns.length,
    durationS: startTime && endTime ? Math.max(0, (endTime.getTime() - startTime.getTime()) / 1000) : turns.length ? lastEnd : null,
    ttfbP50: median(ttfbs),
    ttfbMax: ttfbs.length ? Math.max(...ttfbs) : null,
    transcriptText: turns
      .map((t) => t.text ?? "")
      .filter(Boolean)
      .join("\n"),
  };
}
