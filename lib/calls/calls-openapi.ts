// The calls' part of the OpenAPI document: List calls, one call (and deleting
// its content), and every call's events in arrival order.
import { z } from "zod";
import { type ApiPiece, errors, idParameter, operation, outputSchema, queryParameters, ref, withExample } from "@/lib/api/openapi-parts";
import { API_FILTER_NAMES } from "./api-filter-names";
import { apiCallFiltersSchema } from "./call-filters";
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
} from "./call-json";
import { eventsQuerySchema } from "./events-query";

// Examples are typed by the answers' schemas (and a test parses them), so they show every field.
export const TURN_EXAMPLE: TurnJson = {
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

/** The filters of List calls as the API names them; the transcripts export takes them too. */
export const callFilterParameters = (omit: readonly string[] = []) => queryParameters(apiCallFiltersSchema, { names: API_FILTER_NAMES, omit });

/** Read by listCallsApi itself, past the filters. */
const countQuery = z.object({ count: z.enum(["true"]).optional().describe("true to answer { count } instead of a page") });

const callId = idParameter("callId");

export function callsOpenApi(): ApiPiece {
  return {
    schemas: {
      CallSummary: outputSchema(callSummarySchema),
      CallList: outputSchema(callListSchema),
      Turn: outputSchema(turnSchema),
      CallEvent: outputSchema(callEventSchema),
      StreamEvent: outputSchema(streamEventSchema),
      Call: outputSchema(callSchema),
    },
    examples: [
      [callSummarySchema, CALL_SUMMARY_EXAMPLE],
      [callSchema, CALL_EXAMPLE],
      [streamEventSchema, STREAM_EVENT_EXAMPLE],
    ],
    paths: {
      "/api/v1/calls": {
        get: operation({
          summary: "List calls",
          query: [...callFilterParameters(), ...queryParameters(countQuery)],
          responses: {
            "200": {
              description: "A page of calls",
              content: withExample("CallList", { data: [CALL_SUMMARY_EXAMPLE], next_page: "eyJ2IjoiMjAyNS0wNy0wNCAxMjozMDowNS4zKzAwIiwiaWQiOiJNWjViNGEzZiJ9" }),
            },
            ...errors(400, 401, 403, 503),
          },
        }),
      },
      "/api/v1/calls/{callId}": {
        get: operation({
          summary: "One call with its transcript, tool calls, events and Cartesia's evaluation results",
          path: [callId],
          responses: { "200": { description: "The call", content: withExample("Call", CALL_EXAMPLE) }, ...errors(400, 401, 403, 404, 503) },
        }),
        delete: operation({
          summary: "Delete the call's content in Callscope. Admins only",
          description:
            "Deletes the transcript, tool calls, summary, phone numbers and telephony parameters, metadata, events, log lines, the recording and the raw deliveries. The call's record stays, with `content_deleted` saying who deleted it and when.",
          path: [callId],
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
        }),
      },
      "/api/v1/events": {
        get: operation({
          summary: "Events stored after a given event, newest last (what `callscope calls follow` reads)",
          query: eventsQuerySchema,
          responses: {
            "200": {
              description: "Up to 500 events",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { data: { type: "array", items: ref("StreamEvent") } } },
                  example: { data: [STREAM_EVENT_EXAMPLE] },
                },
              },
            },
            ...errors(400, 401, 403, 503),
          },
        }),
      },
    },
  };
}
