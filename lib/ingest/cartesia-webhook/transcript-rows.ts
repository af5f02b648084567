// Cartesia transcript rows (from webhooks and from the Calls API) turned into
// Callscope's records: spoken turns, and the log events and metrics that the
// hosted platform keeps as `system` rows.
import type { CallEventRecord, ToolCallRecord, TurnRecord } from "../call-state";
import type { Turn } from "@/lib/cartesia/call-object";
import { extraFields } from "@/lib/cartesia/extra-fields";
import { turnMeasures } from "@/lib/cartesia/turn-measures";
import { logMessageMetadata } from "../telemetry/schema";

const TURN_FIELDS = new Set([
  "role",
  "text",
  "start_timestamp",
  "end_timestamp",
  "tts_ttfb",
  "stt_ttfb",
  "vad_buffer_ms",
  "was_interrupted",
  "end_reason",
  "text_chunks",
  "tool_calls",
  "log_event",
  "log_metric",
]);
const TOOL_CALL_FIELDS = new Set(["id", "name", "arguments", "result"]);

function toolCallRecord(call: NonNullable<Turn["tool_calls"]>[number]): ToolCallRecord {
  return {
    toolCallId: call.id ?? null,
    name: call.name,
    arguments: call.arguments ?? null,
    result: call.result ?? null,
    extra: extraFields(call, TOOL_CALL_FIELDS),
  };
}

export function turnRecord(turn: Turn, source: string, final: boolean): TurnRecord {
  return {
    role: turn.role,
    startS: turn.start_timestamp,
    startMs: Math.round(turn.start_timestamp * 1000),
    endS: turn.end_timestamp ?? null,
    text: turn.text ?? null,
    ...turnMeasures(turn),
    extra: extraFields(turn, TURN_FIELDS),
    source,
    final,
    toolCalls: (turn.tool_calls ?? []).map(toolCallRecord),
  };
}

/** A system row that carries a log event or metric is an event of the call, not a turn. */
export function isEventRow(turn: Turn): boolean {
  return turn.role === "system" && Boolean(turn.log_event || turn.log_metric);
}

/**
 * Events with ids derived from their content, so that the same row seen
 * again (another delivery, another sync) is stored once.
 */
export function transcriptEvents(rows: Turn[]): CallEventRecord[] {
  const seen = new Map<string, number>();
  const events: CallEventRecord[] = [];
  for (const row of rows) {
    if (!isEventRow(row)) continue;
    const offsetS = row.log_event?.timestamp ?? row.log_metric?.timestamp ?? row.start_timestamp;
    const kind = row.log_event ? "log_event" : "log_metric";
    const name = row.log_event?.event ?? row.log_metric!.name;
    const base = `cartesia:${kind}:${Math.round(offsetS * 1000)}:${name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const { log_event, log_metric } = row;
    const logMessage = logMessageMetadata.safeParse(log_event?.metadata);
    events.push({
      externalId: n === 1 ? base : `${base}#${n}`,
      kind,
      name,
      level: logMessage.success ? logMessage.data.level : null,
      message: logMessage.success ? logMessage.data.message : null,
      value: log_metric ? (log_metric.value ?? null) : null,
      metadata: log_event ? (log_event.metadata ?? null) : null,
      offsetS,
      extra: extraFields(row, TURN_FIELDS),
    });
  }
  return events;
}

export function spokenTurns(rows: Turn[], source: string, final: boolean): TurnRecord[] {
  return rows.filter((row) => !isEventRow(row)).map((row) => turnRecord(row, source, final));
}
