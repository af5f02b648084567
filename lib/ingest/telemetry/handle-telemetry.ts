// POST /api/v1/calls/{callId}/events and /logs - telemetry from the agent.
// The body is read as a stream, item by item, and stored in batches, so that
// memory stays bounded whatever is sent. Items are validated one by one: the
// valid ones are stored even when others fail, and the answer says which
// failed and why (the first 20, and how many). A request over a limit
// (TELEMETRY_MAX_BODY_BYTES, TELEMETRY_MAX_ITEMS) is refused whole with a
// 413 naming it, and nothing of it is kept; strings over
// TELEMETRY_MAX_STRING_BYTES are cut and marked.
import "server-only";
import { z } from "zod";
import { refuseOtherAgent } from "@/lib/auth/agent-scope";
import { type Principal, writeOnly } from "@/lib/auth/authenticate";
import { pool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { bodyChunks, bodyTooLarge, declaresOver, mediaType } from "@/lib/http/read-body";
import { type Issue, validPathId, zodIssues } from "@/lib/http/validation";
import { env } from "@/lib/env";
import { createLogGrouper, type LogRecord } from "@/lib/logs/parse-log-lines";
import { eventRow, type EventRow } from "./event-rows";
import { type Candidate, jsonItems, ndjsonItems, textItems } from "./read-items";
import { itemTimestamp, telemetryItem } from "./schema";
import { eventWriter } from "./store-events";
import { streamedBodyFailure } from "./streamed-body";
import { capStrings, type CutStats, Problems, type TelemetryLimits, telemetryLimits } from "./telemetry-limits";

/** Rows are stored this many at a time, or sooner once they hold about BATCH_SIZE characters. */
const BATCH_ROWS = 500;
const BATCH_SIZE = 1024 * 1024;

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

/** Items with an id are stored once per id; without one, once per batch Idempotency-Key and position. */
function externalId(id: string | null | undefined, key: string | null, index: number) {
  if (id) return `id:${id}`;
  return key ? `batch:${key}:${index}` : null;
}

/** The rows an item makes (a logging statement's lines may make one row together), or why it fails. */
type ToRows = (value: unknown, index: number) => { rows: EventRow[] } | { errors: Issue[] };

/** Reads, validates and stores a request's items; the answer to send. */
async function ingestItems(
  callId: string,
  principal: Principal,
  items: AsyncIterable<Candidate>,
  limits: TelemetryLimits,
  toRows: ToRows,
  /** the rows still held at the end of the body */
  finish: () => EventRow[] = () => [],
) {
  const writer = eventWriter(pool(), callId);
  const problems = new Problems();
  const stats: CutStats = { truncated: 0, size: 0 };
  let batch: EventRow[] = [];
  let received = 0;
  /** rows made (a logging statement of several lines is one) */
  let accepted = 0;
  let valid = false;
  try {
    for await (const candidate of items) {
      received++;
      if ("parseError" in candidate) {
        problems.add(candidate.index, [{ path: "(root)", message: candidate.parseError }]);
        continue;
      }
      const made = toRows(capStrings(candidate.value, limits.stringBytes, stats), candidate.index);
      if ("errors" in made) {
        problems.add(candidate.index, made.errors);
        continue;
      }
      batch.push(...made.rows);
      accepted += made.rows.length;
      valid = true;
      if (batch.length >= BATCH_ROWS || stats.size >= BATCH_SIZE) {
        await writer.write(batch);
        batch = [];
        stats.size = 0;
      }
    }
    const rest = finish();
    batch.push(...rest);
    accepted += rest.length;
    if (!valid && problems.count > 0) {
      await writer.abort();
      return jsonError(422, "validation_failed", "No item was valid; nothing was stored.", problems.json());
    }
    await writer.write(batch);
    const stored = await writer.commit();
    const truncated = stats.truncated
      ? { truncated: stats.truncated, truncated_note: `Strings longer than TELEMETRY_MAX_STRING_BYTES (${limits.stringBytes} bytes) were cut.` }
      : {};
    // An ingest key learns what became of its request, never what was stored before it.
    if (writeOnly(principal)) return Response.json({ id: callId, status: "stored", received, accepted, ...problems.json(), ...truncated });
    return Response.json({ call_id: callId, received, accepted, stored, duplicates: accepted - stored, ...problems.json(), ...truncated });
  } catch (error) {
    await writer.abort();
    return streamedBodyFailure(error, "items");
  }
}

/** The checks before a body is read, in this order: its media type (one of `types`, else a 415 saying `refusal`), the call id, the Idempotency-Key, the declared size, the key's agents. */
async function begin(request: Request, principal: Principal, callId: string, types: readonly string[], refusal: string) {
  const type = mediaType(request);
  if (!types.includes(type)) return jsonError(415, "unsupported_media_type", refusal);
  if (!validPathId(callId)) return jsonError(400, "bad_request", "The call id must be 1 to 256 printable characters.");
  const key = request.headers.get("idempotency-key");
  if (key !== null && (key.length < 1 || key.length > 200)) return jsonError(400, "bad_request", "Idempotency-Key must be 1 to 200 characters.");
  const limits = telemetryLimits();
  if (declaresOver(request, limits.body)) return bodyTooLarge(limits.body);
  const refused = await refuseOtherAgent(principal, { callId });
  if (refused) return refused;
  return { type, key, limits, chunks: bodyChunks(request, limits.body) };
}

export const handleEvents = authorized("ingest", async ({ request, principal, param: callId }) => {
  const started = await begin(
    request,
    principal,
    callId,
    ["application/json", "application/x-ndjson"],
    "Send application/json (an object or an array) or application/x-ndjson.",
  );
  if (started instanceof Response) return started;
  const { type, limits, key } = started;
  const items = type === "application/x-ndjson" ? ndjsonItems(started.chunks, limits.items) : jsonItems(started.chunks, limits.items);
  return ingestItems(callId, principal, items, limits, (value, index) => {
    const item = telemetryItem.safeParse(value);
    if (!item.success) return { errors: zodIssues(item.error) };
    return { rows: [eventRow(callId, item.data, externalId(item.data.id, key, index))] };
  });
});

const LOG_FIELDS = ["message", "level", "timestamp", "id"] as const;

export const handleLogs = authorized("ingest", async ({ request, principal, param: callId }) => {
  const started = await begin(request, principal, callId, ["application/json", "text/plain"], "Send text/plain (one statement per line) or application/json.");
  if (started instanceof Response) return started;
  const { type, limits, key } = started;
  // Cartesia's own shape ({ call_id, logs: [...] }) is accepted as it is.
  const items =
    type === "text/plain" ? textItems(started.chunks, limits.items) : jsonItems(started.chunks, limits.items, { logsKey: "logs", fields: LOG_FIELDS });
  // Text lines (and the strings of a JSON list) are read as logging statements: a traceback or the rest of a
  // multi-line message joins the statement above it, so one record can span several lines.
  const grouper = createLogGrouper({ timeZone: env().LOG_TIMEZONE });
  let made = 0;
  const rows = (records: LogRecord[]) => records.map((record) => eventRow(callId, recordItem(record), externalId(null, key, made++)));
  return ingestItems(
    callId,
    principal,
    items,
    limits,
    (entry) => {
      const parsed = logEntry.safeParse(entry);
      if (!parsed.success) return { errors: zodIssues(parsed.error) };
      const value = parsed.data;
      if (typeof value === "string") return { rows: rows(grouper.push(value)) };
      const item = {
        type: "log" as const,
        level: value.level ?? null,
        message: value.message,
        timestamp: value.timestamp,
        source: value.source ?? null,
        extra: value.extra ?? null,
      };
      return { rows: [...rows(grouper.end()), eventRow(callId, item, externalId(value.id, key, made++))] };
    },
    () => rows(grouper.end()),
  );
});
