// The telemetry API's part of the OpenAPI document: a call's events, metrics
// and log lines, sent by the agent.
import { type ApiPiece, errors, idParameter, inputSchema, json, operation, ref, type Parameter } from "@/lib/api/openapi-parts";
import { telemetryItem } from "./schema";

const callId = idParameter("callId");
const idempotency: Parameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", maxLength: 200 },
  description: "A batch sent twice with the same key is stored once.",
};

export function telemetryOpenApi(): ApiPiece {
  return {
    schemas: {
      TelemetryItem: inputSchema(telemetryItem),
      TelemetryBatch: { oneOf: [ref("TelemetryItem"), { type: "array", items: ref("TelemetryItem") }] },
      // The answer is put together in handle-telemetry.ts, which no zod schema types.
      IngestResult: {
        type: "object",
        properties: {
          call_id: { type: "string", description: "member and admin keys" },
          id: { type: "string", description: "ingest keys: the call's id (with status)" },
          status: { enum: ["stored"], description: "ingest keys" },
          received: { type: "integer" },
          accepted: { type: "integer" },
          stored: { type: "integer", description: "member and admin keys" },
          duplicates: { type: "integer", description: "member and admin keys" },
          failed: {
            type: "array",
            description: "the first 20 failures",
            items: { type: "object", properties: { index: { type: "integer" }, errors: { type: "array" } } },
          },
          failed_count: { type: "integer", description: "how many items failed in all" },
          truncated: { type: "integer", description: "strings cut at TELEMETRY_MAX_STRING_BYTES and marked …[truncated N bytes]" },
        },
      },
    },
    paths: {
      "/api/v1/calls/{callId}/events": {
        post: operation({
          summary: "Send log events, metrics and log lines of a call",
          description:
            "One object, a JSON array, or NDJSON (application/x-ndjson), read as a stream. Valid items are stored even when others fail. Items with an `id` are stored once. A call not seen yet is created as a placeholder. A body over TELEMETRY_MAX_BODY_BYTES or with more than TELEMETRY_MAX_ITEMS items is refused whole (413, nothing stored).",
          path: [callId],
          headers: [idempotency],
          requestBody: {
            required: true,
            content: { ...json("TelemetryBatch"), "application/x-ndjson": { schema: { type: "string", description: "one TelemetryItem per line" } } },
          },
          responses: {
            "200": { description: "Counts of accepted, stored and failed items", content: json("IngestResult") },
            ...errors(400, 401, 403, 413, 415, 422, 503),
          },
        }),
      },
      "/api/v1/calls/{callId}/logs": {
        post: operation({
          summary: "Send the agent's logging statements for a call",
          description:
            "text/plain (one statement per line; Python logging's time and level are read from the line) or JSON: an array of strings or {level, message, timestamp} objects, or Cartesia's {call_id, logs: [...]}.",
          path: [callId],
          headers: [idempotency],
          requestBody: {
            required: true,
            content: { "text/plain": { schema: { type: "string" } }, "application/json": { schema: { type: "array", items: {} } } },
          },
          responses: { "200": { description: "Counts", content: json("IngestResult") }, ...errors(400, 401, 403, 413, 415, 422, 503) },
        }),
      },
    },
  };
}
