// POST /api/v1/calls/{callId}/events and /logs - telemetry from the agent.
// Items are validated one by one: the valid ones are stored even when
// others fail, and the answer says which failed and why.
import "server-only";
import { z } from "zod";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { authorized } from "@/lib/http/authorized";
import { isDataError, jsonError } from "@/lib/http/errors";
import { readBody } from "@/lib/http/read-body";
import { type Issue, validPathId, zodIssues } from "@/lib/http/validation";
import { createLogGrouper, type LogRecord } from "@/lib/logs/parse-log-lines";
import { eventRow, type EventRow } from "./event-rows";
import { itemTimestamp, telemetryItem } from "./schema";
import { storeEvents } from "./store-events";

type Failure = { index: number; errors: Issue[] };
type Candidate = { index: number; value: unknown } | { index: number; parseError: string };

function mediaType(request: Request) {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/** One JSON object, a JSON array, or NDJSON: one candidate item each. */
function jsonCandidates(text: string, ndjson: boolean): Candidate[] | null {
  if (ndjson) {
    const candidates: Candidate[] = [];
    text.split(/\r?\n/).forEach((line, index) => {
      if (!line.trim()) return;
      try {
        candidates.push({ index, value: JSON.parse(line) });
      } catch {
        candidates.push({ index, parseError: "this line is not valid JSON" });
      }
    });
    return candidates;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  return (Array.isArray(parsed) ? parsed : [parsed]).map((value, index) => ({ index, value }));
}

const logEntry = z.union([
  z.string(),
  z.looseObject({
    message: z.string().max(100_000),
    level: z.string().max(32).nullish(),
    timestamp: itemTimestamp,
    source: z.string().max(500).nullish(),
    extra: z.record(z.string(), z.unknown()).nullish(),
    id: z.string().max(200).nullish(),
  }),
]);

/** A parsed logging statement as a telemetry log item. */
function recordItem(record: LogRecord) {
  return {
    type: "log" as const,
    level: record.level,
    message: record.message,
    timestamp: record.wallTime,
    source: record.source,
    extra: record.extra,
  };
}

async function store(callId: string, rows: EventRow[], failed: Failure[], total: number) {
  if (rows.length === 0 && failed.length > 0) {
    return jsonError(422, "validation_failed", "No item was valid; nothing was stored.", { failed });
  }
  let stored: number;
  try {
    stored = await storeEvents(pool(), callId, rows);
  } catch (error) {
    if (isDataError(error)) return jsonError(422, "validation_failed", `A value cannot be stored: ${(error as Error).message}`);
    throw error;
  }
  return Response.json({ call_id: callId, received: total, accepted: rows.length, stored, duplicates: rows.length - stored, failed });
}

async function begin(request: Request, callId: string) {
  if (!validPathId(callId)) return jsonError(400, "bad_request", "The call id must be 1 to 256 printable characters.");
  const limit = env().TELEMETRY_MAX_BODY_BYTES;
  const body = await readBody(request, limit);
  if (!body.ok) return jsonError(413, "payload_too_large", `The body is larger than the limit of ${limit} bytes.`);
  const key = request.headers.get("idempotency-key");
  if (key !== null && (key.length < 1 || key.length > 200)) return jsonError(400, "bad_request", "Idempotency-Key must be 1 to 200 characters.");
  return { text: body.text, key };
}

/** Items with an id are stored once per id; without one, once per batch Idempotency-Key and position. */
function externalId(id: string | null | undefined, key: string | null, index: number) {
  if (id) return `id:${id}`;
  return key ? `batch:${key}:${index}` : null;
}

export const handleEvents = authorized("ingest", async ({ request, param: callId }) => {
  const type = mediaType(request);
  if (type !== "application/json" && type !== "application/x-ndjson") {
    return jsonError(415, "unsupported_media_type", "Send application/json (an object or an array) or application/x-ndjson.");
  }
  const started = await begin(request, callId);
  if (started instanceof Response) return started;
  const candidates = jsonCandidates(started.text, type === "application/x-ndjson");
  if (!candidates) return jsonError(400, "invalid_json", "The body is not valid JSON.");
  const rows: EventRow[] = [];
  const failed: Failure[] = [];
  for (const candidate of candidates) {
    if ("parseError" in candidate) {
      failed.push({ index: candidate.index, errors: [{ path: "(root)", message: candidate.parseError }] });
      continue;
    }
    const item = telemetryItem.safeParse(candidate.value);
    if (!item.success) failed.push({ index: candidate.index, errors: zodIssues(item.error) });
    else rows.push(eventRow(callId, item.data, externalId(item.data.id, started.key, candidate.index)));
  }
  return store(callId, rows, failed, candidates.length);
});

export const handleLogs = authorized("ingest", async ({ request, param: callId }) => {
  const type = mediaType(request);
  if (type !== "application/json" && type !== "text/plain") {
    return jsonError(415, "unsupported_media_type", "Send text/plain (one statement per line) or application/json.");
  }
  const started = await begin(request, callId);
  if (started instanceof Response) return started;
  // Text lines (and the strings of a JSON list) are read as logging statements: a traceback or the rest of a
  // multi-line message joins the statement above it, so one record can span several lines.
  const grouper = createLogGrouper({ timeZone: env().LOG_TIMEZONE });
  const rows: EventRow[] = [];
  const failed: Failure[] = [];
  const add = (records: LogRecord[]) => {
    for (const record of records) rows.push(eventRow(callId, recordItem(record), externalId(null, started.key, rows.length)));
  };
  if (type === "text/plain") {
    const lines = started.text.split("\n");
    add(grouper.pushAll(lines));
    add(grouper.end());
    return store(callId, rows, failed, lines.filter((line) => line.trim()).length);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(started.text);
  } catch {
    return jsonError(400, "invalid_json", "The body is not valid JSON.");
  }
  // Cartesia's own shape ({ call_id, logs: [...] }) is accepted as it is.
  const list = parsed && typeof parsed === "object" && !Array.isArray(parsed) && "logs" in parsed ? (parsed as { logs: unknown }).logs : parsed;
  const entries: unknown[] = Array.isArray(list) ? list : [list];
  entries.forEach((entry, index) => {
    const parsed = logEntry.safeParse(entry);
    if (!parsed.success) {
      failed.push({ index, errors: zodIssues(parsed.error) });
      return;
    }
    const value = parsed.data;
    if (typeof value === "string") return add(grouper.push(value));
    add(grouper.end());
    const item = {
      type: "log" as const,
      level: value.level ?? null,
      message: value.message,
      timestamp: value.timestamp,
      source: value.source ?? null,
      extra: value.extra ?? null,
    };
    rows.push(eventRow(callId, item, externalId(value.id, started.key, rows.length)));
  });
  add(grouper.end());
  return store(callId, rows, failed, entries.length);
});
