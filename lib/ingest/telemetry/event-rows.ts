// Telemetry items as call_events rows.
import { parseRfc3339 } from "@/lib/cartesia/timestamps";
import { logMessageMetadata, type TelemetryItem } from "./schema";

export type EventRow = {
  call_id: string;
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
  /** a logging statement's place in the code (module:function:line), when it came with one */
  code_location?: string | null;
};

const KNOWN = new Set(["type", "event", "name", "metadata", "responding_to", "timestamp", "id", "value", "level", "message"]);

/** A log item's own fields besides those: its source and its `extra` (kept as metadata). */
const KNOWN_LOG = new Set([...KNOWN, "source", "extra"]);

function extraOf(item: Record<string, unknown>) {
  const known = item.type === "log" ? KNOWN_LOG : KNOWN;
  const entries = Object.entries(item).filter(([k]) => !known.has(k));
  return entries.length ? Object.fromEntries(entries) : null;
}

function times(timestamp: TelemetryItem["timestamp"]) {
  if (typeof timestamp === "number") return { offset_s: timestamp, wall_time: null };
  if (typeof timestamp === "string") {
    const parsed = parseRfc3339(timestamp);
    return { offset_s: null, wall_time: parsed ? parsed.date.toISOString() : null };
  }
  return { offset_s: null, wall_time: null };
}

export function eventRow(callId: string, item: TelemetryItem, externalId: string | null, source = "telemetry"): EventRow {
  const base = { call_id: callId, source, external_id: externalId, extra: extraOf(item), ...times(item.timestamp) };
  switch (item.type) {
    case "log_event": {
      const message = logMessageMetadata.safeParse(item.metadata);
      return {
        ...base,
        kind: "log_event",
        name: item.event,
        level: message.success ? message.data.level : null,
        message: message.success ? message.data.message : null,
        value: null,
        metadata: item.metadata ?? null,
        responding_to: item.responding_to ?? null,
      };
    }
    case "log_metric":
      return {
        ...base,
        kind: "log_metric",
        name: item.name,
        level: null,
        message: null,
        value: item.value ?? null,
        metadata: null,
        responding_to: item.responding_to ?? null,
      };
    case "log":
      return {
        ...base,
        kind: "log",
        name: null,
        level: item.level ?? null,
        message: item.message,
        value: null,
        metadata: item.extra ?? null,
        responding_to: null,
        code_location: item.source ?? null,
      };
    default: {
      const exhaustive: never = item;
      return exhaustive;
    }
  }
}
