// The OpenAPI 3.1 document of Callscope's HTTP API, built from the same zod
// schemas that validate requests, so the document cannot drift from the code.
import { AUDIT_ACTIONS } from "@/lib/audit/audit-log";
import { auditEventSchema } from "@/lib/audit/audit-json";
import { erasureSchema } from "@/lib/privacy/erase-person";
import { z } from "zod";
import { agentSchema } from "@/lib/agents/agent-json";
import { batchDetailSchema, batchSchema } from "@/lib/batches/batch-json";
import { API_FILTER_NAMES } from "@/lib/calls/api-filter-names";
import {
  type CallJson,
  type CallSummaryJson,
  callEventSchema,
  callListSchema,
  callSchema,
  callSummarySchema,
  type StreamEventJson,
  streamEventSchema,
  type TurnJson,
  turnSchema,
} from "@/lib/calls/call-json";
import { deploymentListItemSchema } from "@/lib/deployments/deployment-json";
import { deploymentSchema } from "@/lib/cartesia/deployment";
import { telemetryItem } from "@/lib/ingest/telemetry/schema";
import { knownDeliverySchema } from "@/lib/cartesia/webhook-delivery";
import { syncRequestSchema } from "@/lib/sync/sync-request";
import {
  channelTestSchema,
  createMonitorSchema,
  monitorDetailSchema,
  monitorListSchema,
  monitorSchema,
  updateMonitorSchema,
} from "@/lib/monitors/monitor-json";
import { STREAM_PATHS, STREAM_SCHEMAS } from "@/lib/live/stream-openapi";
import { CAUSE_PATHS, CAUSE_SCHEMAS } from "@/lib/causes/causes-openapi";
import pkg from "@/package.json";
import { latencyReportSchema } from "@/lib/latency/latency-json";
import { LATENCY_EXAMPLE, latencyOperations } from "./latency-operations";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
/** An answer's shape, from the zod schema its handler is typed by. */
const output = (s: z.ZodType) => z.toJSONSchema(s, { io: "output", unrepresentable: "any", target: "draft-2020-12" });

const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
      required: ["code", "message"],
    },
  },
  required: ["error"],
};

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [String(code), { description: ERROR_TEXT[code], content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]),
  );

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request (bad JSON, bad parameter)",
  401: "Missing or wrong credentials",
  403: "The key's role does not allow this",
  404: "Not found",
  413: "Body over the size limit",
  415: "Unsupported Content-Type",
  416: "Range not satisfiable",
  409: "Already exists",
  422: "Valid JSON that does not match the schema; details lists the failing paths",
  429: "Too many failed authentications from this address; retry after Retry-After seconds",
  503: "Database unreachable; nothing was stored. Retry after Retry-After seconds",
};

const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const callId = { name: "callId", in: "path", required: true, schema: { type: "string", maxLength: 256 } };
const monitorId = { name: "monitorId", in: "path", required: true, schema: { type: "string", maxLength: 256 } };
const deploymentId = { name: "deploymentId", in: "path", required: true, schema: { type: "string", maxLength: 256 } };
const idempotency = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", maxLength: 200 },
  description: "A batch sent twice with the same key is stored once.",
};
const q = (name: string, description: string, type = "string") => ({ name, in: "query", required: false, schema: { type }, description });

const withExample = (ref: string, example: unknown) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` }, example } });

/** The filters of List calls and of the transcripts export. */
const CALL_FILTERS = [
  q(API_FILTER_NAMES.agent, "agent id; repeat or comma-separate for several"),
  q("status", "status; repeatable"),
  q(API_FILTER_NAMES.deployment, "deployment id; repeatable"),
  q(API_FILTER_NAMES.batch, "Cartesia batch id; repeatable"),
  q("cause", "cause id (GET /api/v1/causes): calls that have it; repeatable"),
  q("from", "RFC 3339 time or date (years 1 to 9999)"),
  q("to", "RFC 3339 time or date (years 1 to 9999)"),
  q("range", "1h, 24h, 7d or 30d, instead of from and to"),
  q("q", "search: transcript words (each also as a word's start), a call id, or a phone number; quotes, OR and -word as in web search"),
  q("end_reason", "end reason; repeatable"),
  q("min_duration", "shortest duration, seconds", "number"),
  q("max_duration", "longest duration, seconds", "number"),
  q("phone", "digits of the caller's or the called number, any format"),
  q("has_error", "yes or no: failed, an error message, or an error the agent logged"),
  q("has_tool_calls", "yes or no"),
  q("eval", "a Cartesia evaluation metric's name: calls with a result of it"),
  q("eval_value", "with eval: its value (true, false, a number, a text), or `failed` for results Cartesia could not compute"),
  q("recording", "yes or no"),
];

// Examples are typed by the answers' schemas (and a test parses them), so they show every field.
const TURN_EXAMPLE: TurnJson = {
  role: "assistant",
  text: "Marco's Pizzeria, how can I help?",
  start_timestamp: 0.8,
  end_timestamp: 2.6,
  tts_ttfb: 0.198,
  stt_ttfb: null,
  was_interrupted: null,
  end_reason: null,
  vad_buffer_ms: null,
  text_chunks: null,
  tool_calls: [],
};
const CALL_SUMMARY_EXAMPLE: CallSummaryJson = {
  id: "MZ5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e",
  agent_id: "agent_pizzeria",
  agent_name: "Marco's Pizzeria",
  status: "completed",
  start_time: "2025-07-04T12:30:05.300Z",
  duration_s: 104.6,
  turn_count: 3,
  tts_ttfb_p50: 0.2515,
  tts_ttfb_max: 0.305,
  deployment_id: "dep_01K0PZ3M7X9C2V4B6N8Q1W3E5R",
  end_reason: "client_hangup",
  error_message: null,
  recording_status: "stored",
};
const CALL_EXAMPLE: CallJson = {
  id: CALL_SUMMARY_EXAMPLE.id,
  agent_id: "agent_pizzeria",
  agent_name: "Marco's Pizzeria",
  deployment_id: "dep_01K0PZ3M7X9C2V4B6N8Q1W3E5R",
  status: "completed",
  start_time: "2025-07-04T12:30:05.300Z",
  start_time_source: "cartesia",
  end_time: "2025-07-04T12:31:49.900Z",
  end_reason: "client_hangup",
  summary: "Caller asked about Sunday opening hours.",
  error_message: null,
  deployment_version_id: null,
  deployment_region: null,
  batch_id: null,
  zdr_enabled: false,
  redacted_at: null,
  content_deleted: null,
  redactions: { card: 1 },
  evaluations: [],
  conversation: {
    response_gaps: [
      {
        turn_index: 2,
        user_turn_index: 1,
        gap_ms: 420,
        heard_gap_ms: 1180,
        stages: { endpointing_ms: 300, stt_ms: 120, llm_ms: 540, tts_ms: 198 },
        unattributed_ms: 22,
        measured_by: "audio",
      },
    ],
    dead_air: [{ start: 61.2, end: 64.9 }],
    overlaps: [{ start: 12.4, end: 12.9 }],
    interruptions: 1,
    talk_ratio: 0.58,
    longest_monologue_s: 14.2,
    time_to_first_word_ms: 840,
    source: "audio",
    audio_note: null,
    computed_at: "2025-07-04T12:31:52.000Z",
  },
  telephony_params: { from: "+15555550142", to: "+15555550199" },
  metadata: null,
  webhook_id: "agent_webhook_01K0PZ",
  duration_s: 104.6,
  tts_ttfb_p50: 0.2515,
  tts_ttfb_max: 0.305,
  recording: {
    content_type: "audio/wav",
    bytes: 3347244,
    duration_s: 104.6,
    sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    source: "upload",
  },
  recording_status: "stored",
  transcript: [TURN_EXAMPLE],
  events: [
    {
      id: "4711",
      type: "log_metric",
      name: "lookup_ms",
      level: null,
      message: null,
      value: 412,
      metadata: null,
      responding_to: null,
      timestamp: 8,
      timestamp_derived: false,
      wall_time: null,
      received_at: "2025-07-04T12:30:13.000Z",
      source: "telemetry",
      code_location: null,
    },
    {
      id: "4712",
      type: "log",
      name: null,
      level: "warning",
      message: "calendar API slow: 412 ms",
      value: null,
      metadata: { turn: 3 },
      responding_to: null,
      timestamp: 9.2,
      timestamp_derived: true,
      wall_time: "2025-07-04T12:30:14.200Z",
      received_at: "2025-07-04T12:30:15.000Z",
      source: "telemetry",
      code_location: "line.voice_agent_app:_start_agent_task:312",
    },
  ],
  tool_calls: [
    {
      id: "88",
      tool_call_id: null,
      name: "lookup_order",
      arguments: { order_id: "A-1043" },
      result: '{"status": "shipped"}',
      state: "returned",
      duration_s: 0.412,
      responding_to: "5d0c4f64-1b8e-4f61-9d0c-0d6a3b8e2f10",
      timestamp: 7.6,
      timestamp_derived: true,
    },
  ],
};
const STREAM_EVENT_EXAMPLE: StreamEventJson = {
  id: "4711",
  call_id: "MZ5b4a3f",
  type: "log_metric",
  name: "lookup_ms",
  level: null,
  message: null,
  value: 412,
  received_at: "2025-07-04T12:30:13.000Z",
};

/** Each example beside the schema it must match: the test parses them. */
export const EXAMPLES = [
  [callSummarySchema, CALL_SUMMARY_EXAMPLE],
  [callSchema, CALL_EXAMPLE],
  [streamEventSchema, STREAM_EVENT_EXAMPLE],
  [latencyReportSchema, LATENCY_EXAMPLE],
] as const;

/** Built once per module copy and frozen: the routes that serve it are public, and the document only changes with the code. */
let built: Readonly<ReturnType<typeof buildOpenApiDocument>> | undefined;

export function openApiDocument() {
  built ??= deepFreeze(buildOpenApiDocument());
  return built;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function buildOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Callscope API",
      version: pkg.version,
      description:
        "Ingest and read the calls of Cartesia Line voice agents. Bearer API keys are created in Settings → API keys; the read and admin endpoints also accept a signed-in console session. Failed authentications are limited per client address (429 with Retry-After).",
    },
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "Authorization: Bearer <key>" },
        webhookSecret: { type: "apiKey", in: "header", name: "x-webhook-secret" },
      },
      schemas: {
        Error: errorSchema,
        WebhookDelivery: schema(knownDeliverySchema),
        TelemetryItem: schema(telemetryItem),
        TelemetryBatch: { oneOf: [{ $ref: "#/components/schemas/TelemetryItem" }, { type: "array", items: { $ref: "#/components/schemas/TelemetryItem" } }] },
        Deployment: schema(deploymentSchema),
        CallSummary: output(callSummarySchema),
        CallList: output(callListSchema),
        Turn: output(turnSchema),
        CallEvent: output(callEventSchema),
        Batch: output(batchSchema),
        BatchDetail: output(batchDetailSchema),
        StreamEvent: output(streamEventSchema),
        Call: output(callSchema),
        Monitor: output(monitorSchema),
        MonitorDetail: output(monitorDetailSchema),
        MonitorList: output(monitorListSchema),
        ChannelTest: output(channelTestSchema),
        AuditEvent: output(auditEventSchema),
        Agent: output(agentSchema),
        DeploymentSummary: output(deploymentListItemSchema),
        ...STREAM_SCHEMAS,
        ...CAUSE_SCHEMAS,
        SyncJob: {
          type: "object",
          properties: {
            id: { type: "string" },
            status: { enum: ["queued", "running", "done", "failed", "cancelled"] },
            parameters: { type: "object", description: "agent_id, since and limit, as the sync was asked for" },
            progress: { type: ["object", "null"], description: "calls, recordings, logs and deployments brought so far" },
            error: { type: ["string", "null"] },
            attempts: { type: "integer" },
            updated_at: { type: "string", format: "date-time" },
          },
        },
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
    },
    security: [{ apiKey: [] }],
    paths: {
      ...STREAM_PATHS,
      ...CAUSE_PATHS,
      "/api/webhooks/cartesia": {
        post: {
          summary: "Receive a Cartesia call webhook",
          description:
            "call_started, call_completed, call_failed (seed shape with `body`, or typed `call`), call_turn, post_call_analysis. Unknown types are stored and answered 200. A retried delivery is answered 200 with outcome `duplicate`.",
          security: [{ webhookSecret: [] }],
          requestBody: { required: true, content: json("WebhookDelivery") },
          responses: { "200": { description: "Stored durably: outcome applied, duplicate or unknown_type" }, ...errors(400, 401, 413, 422, 503) },
        },
      },
      "/api/v1/calls/{callId}/events": {
        post: {
          summary: "Send log events, metrics and log lines of a call",
          description:
            "One object, a JSON array, or NDJSON (application/x-ndjson), read as a stream. Valid items are stored even when others fail. Items with an `id` are stored once. A call not seen yet is created as a placeholder. A body over TELEMETRY_MAX_BODY_BYTES or with more than TELEMETRY_MAX_ITEMS items is refused whole (413, nothing stored).",
          parameters: [callId, idempotency],
          requestBody: {
            required: true,
            content: { ...json("TelemetryBatch"), "application/x-ndjson": { schema: { type: "string", description: "one TelemetryItem per line" } } },
          },
          responses: {
            "200": { description: "Counts of accepted, stored and failed items", content: json("IngestResult") },
            ...errors(400, 401, 403, 413, 415, 422, 503),
          },
        },
      },
      "/api/v1/calls/{callId}/logs": {
        post: {
          summary: "Send the agent's logging statements for a call",
          description:
            "text/plain (one statement per line; Python logging's time and level are read from the line) or JSON: an array of strings or {level, message, timestamp} objects, or Cartesia's {call_id, logs: [...]}.",
          parameters: [callId, idempotency],
          requestBody: {
            required: true,
            content: { "text/plain": { schema: { type: "string" } }, "application/json": { schema: { type: "array", items: {} } } },
          },
          responses: { "200": { description: "Counts", content: json("IngestResult") }, ...errors(400, 401, 403, 413, 415, 422, 503) },
        },
      },
      "/api/v1/calls/{callId}/recording": {
        put: {
          summary: "Upload the call's recording",
          description:
            "The audio as the body, streamed to storage. audio/wav, audio/mpeg, audio/ogg or audio/webm. A call that has a recording keeps it (409) unless an admin key sends `?replace=true`; replacements are in the audit log.",
          parameters: [callId, { name: "replace", in: "query", required: false, schema: { enum: ["true"] }, description: "admin keys only" }],
          requestBody: {
            required: true,
            content: { "audio/wav": { schema: { type: "string", format: "binary" } }, "audio/mpeg": {}, "audio/ogg": {}, "audio/webm": {} },
          },
          responses: {
            "201": { description: "Stored: bytes, sha256, duration_s (ingest keys: { id, status })" },
            ...errors(400, 401, 403, 409, 413, 415, 503),
          },
        },
        get: {
          summary: "Download the call's recording",
          description: "Supports Range requests (206). ?download=1 adds Content-Disposition: attachment.",
          parameters: [callId, q("download", "1 to download as <call id>.<ext>")],
          responses: { "200": { description: "The audio" }, "206": { description: "A byte range of the audio" }, ...errors(401, 404, 416) },
        },
      },
      "/api/v1/calls": {
        get: {
          summary: "List calls",
          parameters: [
            ...CALL_FILTERS,
            q("sort", "newest (default), oldest, longest, slowest"),
            q("limit", "1..200, default 50", "integer"),
            q("cursor", "next_page of the previous answer"),
            q("count", "true to answer { count } instead of a page"),
          ],
          responses: {
            "200": {
              description: "A page of calls",
              content: withExample("CallList", { data: [CALL_SUMMARY_EXAMPLE], next_page: "eyJ2IjoiMjAyNS0wNy0wNCAxMjozMDowNS4zKzAwIiwiaWQiOiJNWjViNGEzZiJ9" }),
            },
            ...errors(400, 401, 403, 503),
          },
        },
      },
      "/api/v1/calls/{callId}": {
        get: {
          summary: "One call with its transcript, tool calls, events and Cartesia's evaluation results",
          parameters: [callId],
          responses: { "200": { description: "The call", content: withExample("Call", CALL_EXAMPLE) }, ...errors(400, 401, 403, 404, 503) },
        },
        delete: {
          summary: "Delete the call's content in Callscope. Admins only",
          description:
            "Deletes the transcript, tool calls, summary, phone numbers and telephony parameters, metadata, events, log lines, the recording and the raw deliveries. The call's record stays, with `content_deleted` saying who deleted it and when.",
          parameters: [callId],
          responses: {
            "200": {
              description: "Deleted",
              content: {
                "application/json": {
                  schema: { type: "object" },
                  example: { id: "MZ5b4a3f", content_deleted: { at: "2025-07-05T09:00:00.000Z", by: "user ops@example.com", reason: "deleted_here" } },
                },
              },
            },
            ...errors(401, 403, 404, 503),
          },
        },
      },
      "/api/v1/calls/{callId}/transcript": {
        get: {
          summary: "Export one call's transcript",
          description:
            "Turn-level timestamps in the format asked for. With `include=events` (json, csv, txt) the log events, metrics and log lines come on the same timeline.",
          parameters: [
            callId,
            q("format", "json (default), csv, vtt (WebVTT), srt or txt"),
            q("include", "`events` to add events (json, csv, txt), `causes` to add the call's causes (json, csv, txt); comma-separated for both"),
          ],
          responses: {
            "200": {
              description: "The transcript, as an attachment named <call id>.<format>",
              content: {
                "application/json": { schema: { type: "object" }, example: { call_id: "MZ5b4a3f", turns: [{ index: 0, ...TURN_EXAMPLE }] } },
                "text/csv": {
                  schema: { type: "string" },
                  example:
                    'call_id,kind,index,role,start_s,end_s,text,tts_ttfb,stt_ttfb,was_interrupted,name,level,value\r\nMZ5b4a3f,turn,0,assistant,0.8,2.6,"Marco\'s Pizzeria, how can I help?",0.198,,,,,\r\n',
                },
                "text/vtt": {
                  schema: { type: "string" },
                  example: "WEBVTT - MZ5b4a3f\n\n1\n00:00:00.800 --> 00:00:02.600\n<v Agent>Marco's Pizzeria, how can I help?\n",
                },
                "application/x-subrip": { schema: { type: "string" } },
                "text/plain": { schema: { type: "string" } },
              },
            },
            ...errors(400, 401, 403, 404, 503),
          },
        },
      },
      "/api/v1/calls/{callId}/bundle": {
        get: {
          summary: "Download a call's debug bundle",
          description:
            "One zip, streamed (memory stays flat for any recording size): `call.json` (this API's call), `transcript.txt` and `transcript.json`, `events.ndjson`, `logs.txt`, `webhook-deliveries.json` (as stored, redacted; webhook secrets are never kept), `conversation.json`, `deployment.json`, the recording when there is one, and a `README.txt` naming each file and the Callscope version. Recorded in the audit log.",
          parameters: [callId, q("recording", "`false` leaves the recording out")],
          responses: {
            "200": {
              description: "The zip, as an attachment named callscope-<call id>.zip",
              content: { "application/zip": { schema: { type: "string", format: "binary" } } },
            },
            ...errors(400, 401, 403, 404, 429, 503),
          },
        },
      },
      "/api/v1/transcripts": {
        get: {
          summary: "Export the transcripts of any number of calls, streamed",
          description:
            "The same filters as List calls. JSON Lines (one call per line) or CSV (one row per turn; a call with no turns is one row of kind `call`). Memory stays flat however many calls match.",
          parameters: [
            ...CALL_FILTERS,
            q("format", "jsonl (default) or csv"),
            q("include", "`events` to add events, `causes` to add each call's causes (JSON: `causes`; CSV: rows of kind `cause`); comma-separated for both"),
          ],
          responses: {
            "200": {
              description: "A stream of transcripts",
              content: {
                "application/x-ndjson": {
                  schema: { type: "string" },
                  example: '{"call_id":"MZ5b4a3f","agent_id":"agent_pizzeria","status":"completed","turns":[...]}\n',
                },
                "text/csv": { schema: { type: "string" } },
              },
            },
            ...errors(400, 401, 403, 503),
          },
        },
      },
      "/api/v1/events": {
        get: {
          summary: "Events stored after a given event, newest last (what `callscope calls follow` reads)",
          parameters: [q("after", "an event id; only later events")],
          responses: {
            "200": {
              description: "Up to 500 events",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { data: { type: "array", items: { $ref: "#/components/schemas/StreamEvent" } } } },
                  example: { data: [STREAM_EVENT_EXAMPLE] },
                },
              },
            },
            ...errors(400, 401, 403, 503),
          },
        },
      },
      "/api/v1/sync": {
        post: {
          summary: "Start a sync from Cartesia's API. Admins only",
          description: "Needs CARTESIA_API_KEY on the server. Answers 202 with the job; follow it with GET /api/v1/sync/{syncId}.",
          requestBody: {
            required: false,
            content: { "application/json": { schema: schema(syncRequestSchema), example: { agent_id: "agent_pizzeria", since: "2025-07-01" } } },
          },
          responses: {
            "202": {
              description: "Queued",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { id: { type: "string" }, status: { const: "queued" } } },
                  example: { id: "12", status: "queued" },
                },
              },
            },
            ...errors(400, 401, 403, 422, 503),
          },
        },
      },
      "/api/v1/sync/{syncId}": {
        get: {
          summary: "A sync's progress. Admins only",
          parameters: [{ name: "syncId", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": {
              description: "The sync job: its parameters, progress, and Cartesia's message when it failed",
              content: withExample("SyncJob", {
                id: "12",
                status: "running",
                parameters: { agent_id: "agent_pizzeria" },
                progress: { calls: 250, recordings: 31, logs: 250, deployments: 4 },
                error: null,
                attempts: 1,
                updated_at: "2025-07-04T12:31:00.000Z",
              }),
            },
            ...errors(401, 403, 404, 503),
          },
        },
        delete: {
          summary: "Cancel a waiting or running sync. Admins only",
          description: "A running sync stops before its next call; what it stored so far stays.",
          parameters: [{ name: "syncId", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "Cancelled", content: { "application/json": { schema: { type: "object" }, example: { id: "12", status: "cancelled" } } } },
            ...errors(401, 403, 404, 409, 503),
          },
        },
      },
      "/api/v1/evaluations": {
        get: {
          summary: "Cartesia's evaluation metrics per agent and per deployment",
          description:
            "For each metric synced from Cartesia: the pass rate (true/false metrics) or the mean (numeric ones) of each agent and each deployment, and for a deployment the change against the previous deployment of the same agent with a 95% bootstrap interval (`significant` when it excludes zero).",
          parameters: [q("agent_id", "only this agent's")],
          responses: {
            "200": {
              description: "by_agent and by_deployment",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { by_agent: { type: "array", items: { type: "object" } }, by_deployment: { type: "array", items: { type: "object" } } },
                  },
                  example: {
                    by_agent: [{ agent_id: "agent_pizzeria", metric: "resolved", display_name: "Resolved", n: 39, failed: 1, kind: "pass_rate", value: 0.615 }],
                    by_deployment: [
                      {
                        deployment_id: "dep_b",
                        agent_id: "agent_pizzeria",
                        metric: "resolved",
                        display_name: "Resolved",
                        n: 19,
                        failed: 1,
                        kind: "pass_rate",
                        value: 0.316,
                        previous_deployment_id: "dep_a",
                        change: { before: 0.9, after: 0.316, change: -0.584, low: -0.79, high: -0.35, significant: true },
                      },
                    ],
                  },
                },
              },
            },
            ...errors(401, 403, 503),
          },
        },
      },
      ...latencyOperations(),
      "/api/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } } },
      "/api/v1/agents": {
        get: {
          summary: "Agents with call counts and latency",
          responses: {
            "200": {
              description: "Every agent seen",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { data: { type: "array", items: { $ref: "#/components/schemas/Agent" } } } },
                  example: {
                    data: [
                      {
                        id: "agent_pizzeria",
                        name: "Marco's Pizzeria",
                        calls: 120,
                        failed_calls: 3,
                        last_call_at: "2025-07-04T12:30:05.300Z",
                        tts_ttfb_p50: 0.231,
                        tts_ttfb_p95: 0.402,
                        tts_ttfb_p99: 0.588,
                      },
                    ],
                  },
                },
              },
            },
            ...errors(401, 403, 503),
          },
        },
      },
      "/api/v1/batches": {
        get: {
          summary: "Cartesia's call batches (outbound campaigns), newest first",
          description:
            "Names, statuses and counts as the sync last read them from Cartesia (GET /agents/calls/batches), and how many of each batch's calls Callscope holds. A batch that calls name but no sync has described yet is listed with its calls alone.",
          parameters: [q("agent_id", "only this agent's"), q("limit", "1 to 500, default 100", "integer")],
          responses: {
            "200": {
              description: "The batches",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { data: { type: "array", items: { $ref: "#/components/schemas/Batch" } } } },
                  example: {
                    data: [
                      {
                        id: "batch_01K2",
                        name: "July renewals",
                        agent_id: "agent_pizzeria",
                        status: "in_progress",
                        total_calls_scheduled: 120,
                        total_calls_dispatched: 80,
                        total_calls_finished: 64,
                        created_at: "2025-07-04T09:00:00.000Z",
                        last_updated_at: "2025-07-04T12:31:00.000Z",
                        scheduled_at: null,
                        synced_at: "2025-07-04T12:35:00.000Z",
                        calls: 64,
                        region: "us-west",
                        retry_count: 0,
                      },
                    ],
                  },
                },
              },
            },
            ...errors(400, 401, 403, 503),
          },
        },
      },
      "/api/v1/batches/{batchId}": {
        get: {
          summary: "One call batch, its recipients and its calls' outcomes",
          parameters: [{ name: "batchId", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { description: "The batch", content: { "application/json": { schema: { $ref: "#/components/schemas/BatchDetail" } } } },
            ...errors(400, 401, 403, 404, 503),
          },
        },
      },
      "/api/v1/deployments": {
        get: {
          summary: "Deployments with call counts and latency",
          parameters: [q("agent_id", "only this agent's")],
          responses: {
            "200": {
              description: "Every deployment seen",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { data: { type: "array", items: { $ref: "#/components/schemas/DeploymentSummary" } } } },
                },
              },
            },
            ...errors(400, 401, 403, 503),
          },
        },
      },
      "/api/v1/deployments/{deploymentId}": {
        put: {
          summary: "Create or update a deployment",
          parameters: [deploymentId],
          requestBody: { required: true, content: json("Deployment") },
          responses: {
            "200": { description: "Updated: the deployment (ingest keys: { id, status })" },
            "201": { description: "Created: the deployment (ingest keys: { id, status })" },
            ...errors(400, 401, 403, 413, 422, 503),
          },
        },
        get: { summary: "One deployment", parameters: [deploymentId], responses: { "200": { description: "Deployment" }, ...errors(401, 403, 404) } },
      },
      "/api/v1/deployments/{deploymentId}/logs": {
        post: {
          summary: "Append log lines to a deployment",
          parameters: [deploymentId],
          requestBody: {
            required: true,
            content: { "text/plain": { schema: { type: "string" } }, "application/json": { schema: { type: "array", items: { type: "string" } } } },
          },
          responses: { "200": { description: "{ appended }" }, ...errors(400, 401, 403, 413, 415, 422, 503) },
        },
      },
      "/api/v1/keys": {
        get: { summary: "API keys (never their values). Admins only", responses: { "200": { description: "{ data: [Key] }" }, ...errors(401, 403) } },
        post: {
          summary: "Create an API key; its value is answered once. Admins only",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["label", "role"],
                  properties: {
                    label: { type: "string" },
                    role: { enum: ["ingest", "member", "admin"] },
                    agent_ids: {
                      type: "array",
                      items: { type: "string" },
                      maxItems: 100,
                      description: "ingest keys only: the key is refused (403) for calls and deployments of any other agent",
                    },
                  },
                },
              },
            },
          },
          responses: { "201": { description: "{ id, label, role, agent_ids, key }" }, ...errors(400, 401, 403, 422) },
        },
      },
      "/api/v1/keys/{keyId}": {
        delete: {
          summary: "Revoke an API key. Admins only",
          parameters: [{ name: "keyId", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "Revoked" }, ...errors(401, 403, 404) },
        },
      },
      "/api/v1/users": {
        get: { summary: "Console users. Admins only", responses: { "200": { description: "{ data: [User] }" }, ...errors(401, 403) } },
        post: {
          summary: "Create a console user; without a password one is generated and answered once. Admins only",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["email"],
                  properties: {
                    email: { type: "string", format: "email" },
                    name: { type: "string" },
                    password: { type: "string", minLength: 8, maxLength: 128 },
                    role: { enum: ["admin", "member"] },
                  },
                },
              },
            },
          },
          responses: { "201": { description: "{ id, email, role, password? }" }, ...errors(400, 401, 403, 409, 422) },
        },
      },
      "/api/v1/audit": {
        get: {
          summary:
            "The audit log, newest first: who viewed a call, played or downloaded a recording, exported, deleted or erased, or changed settings, keys, users or monitors. Admins only",
          parameters: [
            { name: "action", in: "query", required: false, schema: { enum: [...AUDIT_ACTIONS] }, description: "only this action" },
            q("actor", "only this actor: a user's email, a key's id or a user's id"),
            q("target", "only this target, such as a call id"),
            q("since", "from this date or RFC 3339 time"),
            q("until", "before this date or time"),
            q("cursor", "next_page of the page before"),
            q("limit", "1 to 500 (100)", "integer"),
          ],
          responses: {
            "200": {
              description: "{ data: [AuditEvent], next_page }",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { data: { type: "array", items: { $ref: "#/components/schemas/AuditEvent" } }, next_page: { type: ["string", "null"] } },
                  },
                },
              },
            },
            ...errors(400, 401, 403, 503),
          },
        },
      },
      "/api/v1/erasure": {
        post: {
          summary:
            "Erase a person's data: the content and recording of every call with this phone number (caller, callee, telephony parameters, metadata) or email address (transcript, summary, events, metadata). Admins only; recorded in the audit log",
          requestBody: { required: true, content: { "application/json": { schema: schema(erasureSchema), example: { phone: "+15551234567" } } } },
          responses: { "200": { description: "{ calls_affected, call_ids }" }, ...errors(400, 401, 403, 413, 422, 503) },
        },
      },
      "/api/v1/monitors": {
        get: {
          summary: "Monitors, with their state and last value. Admins only",
          responses: { "200": { description: "The monitors", content: json("MonitorList") }, ...errors(401, 403) },
        },
        post: {
          summary:
            "Make a monitor: one figure of an agent, a deployment or every call, over a trailing window, against a threshold, with its notification channels. Admins only",
          requestBody: { required: true, content: { "application/json": { schema: schema(createMonitorSchema) } } },
          responses: { "201": { description: "Made", content: json("Monitor") }, ...errors(400, 401, 403, 413, 422, 503) },
        },
      },
      "/api/v1/monitors/{monitorId}": {
        get: {
          parameters: [monitorId],
          summary: "A monitor with its history of state changes and its notification delivery log. Admins only",
          responses: { "200": { description: "The monitor", content: json("MonitorDetail") }, ...errors(401, 403, 404) },
        },
        patch: {
          parameters: [monitorId],
          summary:
            "Change a monitor's name, threshold, window, minimum values, reminder, pause or channels (a channel sent back with its id and no secret keeps its secret). Admins only",
          requestBody: { required: true, content: { "application/json": { schema: schema(updateMonitorSchema) } } },
          responses: { "200": { description: "Changed", content: json("Monitor") }, ...errors(400, 401, 403, 404, 422) },
        },
        delete: {
          parameters: [monitorId],
          summary: "Remove a monitor, its history and its delivery log. Admins only",
          responses: { "200": { description: "{ id, deleted }" }, ...errors(401, 403, 404) },
        },
      },
      "/api/v1/monitors/{monitorId}/test": {
        post: {
          parameters: [monitorId],
          summary: "Send a test notification (state `test`) to one of the monitor's channels now, and answer how it went. Admins only",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { type: "object", required: ["channel_id"], properties: { channel_id: { type: "string" } } } } },
          },
          responses: {
            "200": { description: "Sent or not, with the receiver's status and a short reason (never its answer's body)", content: json("ChannelTest") },
            ...errors(400, 401, 403, 404, 422),
          },
        },
      },
      "/metrics": {
        get: {
          summary: "Prometheus metrics in the text exposition format. Any key but ingest; no key with METRICS_PUBLIC=true",
          responses: {
            "200": { description: "text/plain; version=0.0.4", content: { "text/plain": { schema: { type: "string" } } } },
            ...errors(401, 403, 503),
          },
        },
      },
      "/api/mcp": {
        post: {
          summary: "MCP server for AI assistants (Streamable HTTP)",
          description:
            "The Model Context Protocol over Streamable HTTP, stateless: POST JSON-RPC messages (`initialize`, `tools/list`, `tools/call`, `resources/read`, `prompts/get`, …) and get JSON answers. Only API keys as Bearer: member and admin keys; ingest keys get 403. The tools read what the read API reads, redacted alike. GET and DELETE answer 405.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { type: "object" }, example: { jsonrpc: "2.0", id: 1, method: "tools/list" } } },
          },
          responses: {
            "200": {
              description: "The JSON-RPC answer",
              content: {
                "application/json": { schema: { type: "object" }, example: { jsonrpc: "2.0", id: 1, result: { tools: [{ name: "search_calls" }] } } },
              },
            },
            "202": { description: "A notification, accepted" },
            ...errors(400, 401, 403, 413, 429, 503),
          },
        },
        get: { summary: "Not served: the endpoint keeps no streams", responses: { "405": { description: "Use POST" } } },
        delete: { summary: "Not served: the endpoint keeps no sessions", responses: { "405": { description: "Use POST" } } },
      },
      "/api/health": {
        get: {
          summary: "Database up or down, migrations applied, version. Why the database is down goes to the server log only",
          security: [],
          responses: { "200": { description: "Healthy" }, "503": { description: "Not healthy" } },
        },
      },
    },
  };
}
