// Telemetry items as call_events rows.
import { extraFields } from "@/lib/cartesia/extra-fields";
import { parseRfc3339 } from "@/lib/cartesia/timestamps";
import { logMessageMetadata, type TelemetryItem } from "./schema";

export type EventRow = {
  call_id: string;
  /** a call_events kind, or tool_call: a frame that lib/ingest/telemetry/store-tool-calls.ts pairs into tool_calls */
  kind: string;
  name: string | null;
  level: string | null;
  message: string | null;
  value: unknown;
  metadata: unknown;
  responding_to: unknown;
  offset_s: number | null;
  wall_time: string | null;
  source: string;
  external_id: string | null;
  extra: Record<string, unknown> | null;
  /** tool_call only: the tool call's id, when the sender knows it */
  tool_call_id?: string | null;
  /** a logging statement's place in the code (module:function:line), when it came with one */
  code_location?: string | null;
};

const COMMON = ["type", "responding_to", "timestamp", "id"];
/** The fields each kind keeps in columns; the rest of an item lands in `extra`. */
const KNOWN: Record<TelemetryItem["type"], Set<string>> = {
  log_event: new Set([...COMMON, "event", "metadata"]),
  log_metric: new Set([...COMMON, "name", "value"]),
  // A log item's source and its `extra` (kept as metadata) have columns too.
  log: new Set([...COMMON, "level", "message", "source", "extra"]),
  tool_call: new Set([...COMMON, "name", "arguments", "result"]),
  end_call: new Set([...COMMON, "reason"]),
  transfer: new Set([...COMMON, "target_phone_number"]),
  dtmf: new Set([...COMMON, "button"]),
  error: new Set([...COMMON, "content"]),
  custom: new Set([...COMMON, "metadata"]),
  message: new Set([...COMMON, "content"]),
  config: new Set([...COMMON, "tts", "stt", "language"]),
};

function times(timestamp: TelemetryItem["timestamp"]) {
  if (typeof timestamp === "number") return { offset_s: timestamp, wall_time: null };
  if (typeof timestamp === "string") {
    const parsed = parseRfc3339(timestamp);
    return { offset_s: null, wall_time: parsed ? parsed.date.toISOString() : null };
  }
  return { offset_s: null, wall_time: null };
}

const text = (value: unknown) => (typeof value === "string" ? value : null);

export function eventRow(callId: string, item: TelemetryItem, externalId: string | null, source = "telemetry"): EventRow {
  const base = {
    call_id: callId,
    source,
    external_id: externalId,
    extra: extraFields(item, KNOWN[item.type]),
    ...times(item.timestamp),
    kind: item.type,
    name: null,
    level: null,
    message: null,
    value: null,
    metadata: null,
    responding_to: "responding_to" in item ? (item.responding_to ?? null) : null,
  };
  switch (item.type) {
    case "log_event": {
      const message = logMessageMetadata.safeParse(item.metadata);
      return {
        ...base,
        name: item.event,
        level: message.success ? message.data.level : null,
        message: message.success ? message.data.message : null,
        metadata: item.metadata ?? null,
      };
    }
    case "log_metric":
      return { ...base, name: item.name, value: item.value ?? null };
    case "log":
      return { ...base, level: item.level ?? null, message: item.message, metadata: item.extra ?? null, code_location: item.source ?? null };
    case "tool_call":
      return { ...base, name: item.name, metadata: item.arguments ?? null, value: item.result ?? null, tool_call_id: item.id ?? null };
    case "end_call":
      return { ...base, name: item.reason ?? null };
    case "transfer":
      return { ...base, name: item.target_phone_number ?? null };
    case "dtmf":
      return { ...base, name: item.button ?? null };
    case "error":
      return { ...base, level: "error", message: item.content ?? null };
    case "message":
      return { ...base, message: item.content ?? null };
    case "custom":
      return { ...base, metadata: item.metadata ?? null };
    case "config": {
      const settings = Object.fromEntries(["tts", "stt", "language"].filter((k) => item[k] !== undefined).map((k) => [k, item[k]]));
      return { ...base, metadata: Object.keys(settings).length ? settings : null, name: text(item.language) };
    }
    default: {
      const exhaustive: never = item;
      return exhaustive;
    }
  }
}
