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
};

const KNOWN = new Set(["type", "event", "name", "metadata", "responding_to", "timestamp", "id", "value", "level", "message"]);

function extraOf(item: Record<string, unknown>) {
  const entries = Object.entries(item).filter(([k]) => !KNOWN.has(k));
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
      return { ...base, kind: "log", name: null, level: item.level ?? null, message: item.message, value: null, metadata: null, responding_to: null };
    default: {
      const exhaustive: never = item;
      return exhaustive;
    }
  }
}

const LOG_LINE = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,6})?)\s+(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\b[:\s]*(.*)$/s;

/**
 * A plain logging statement, as Python's logging writes it
 * ("2025-06-26 10:01:07,815 WARNING calendar API slow"): its time and level
 * are read from the line when they are there (times without a zone are UTC).
 */
export function parseLogLine(line: string): { level: string | null; message: string; wallTime: string | null } {
  const match = LOG_LINE.exec(line);
  if (!match) return { level: null, message: line, wallTime: null };
  const iso = `${match[1].replace(" ", "T").replace(",", ".")}Z`;
  const date = new Date(iso);
  return {
    level: match[2].toLowerCase() === "warn" ? "warning" : match[2].toLowerCase(),
    message: match[3],
    wallTime: Number.isNaN(date.getTime()) ? null : date.toISOString(),
  };
}
