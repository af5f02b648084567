// Calls in snake_case, close to Cartesia's own Call object, so code written
// for Cartesia's API reads them. The zod schemas are the one description of
// these answers: the handlers are typed by them, the OpenAPI document is
// generated from them, the CLI reads its types from them and the tests parse
// real answers with them (strictly: a field missing from the schema fails).
import { z } from "zod";
import { turnMeasuresJson } from "@/lib/cartesia/turn-measures";
import { REDACTION_KINDS } from "@/lib/redaction-kinds";
import { EVENT_KINDS } from "./event-kinds";
import type { AgentToolCallView, CallDetail, EventView, TurnView } from "./get-call";
import type { CallListRow } from "./list-calls";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const text = z.string().nullable();
const number = z.number().nullable();
const time = z.iso.datetime().nullable();

export const callSummarySchema = z
  .strictObject({
    id: z.string(),
    agent_id: text,
    agent_name: text.describe("the agent's name at Cartesia, when known"),
    status: z.string().describe("created, started, active, completed, failed, cancelled, or placeholder (telemetry only so far)"),
    start_time: time,
    duration_s: number,
    turn_count: z.int(),
    tts_ttfb_p50: number.describe("seconds"),
    tts_ttfb_max: number.describe("seconds"),
    deployment_id: text,
    end_reason: text,
    error_message: text,
    recording_status: z.string().describe("none, pending, stored, unavailable, failed, or dropped (not kept: something of the call was redacted)"),
    snippet: z.string().optional().describe("with q: the matching part of the transcript"),
    match_timestamp: z.number().optional().describe("with q: where the first matching turn starts, in seconds (open the call at ?t= this)"),
  })
  .describe("A call in a list.");

export const callListSchema = z.strictObject({
  data: z.array(callSummarySchema),
  next_page: text.describe("pass as cursor for the next page"),
});

export const toolCallSchema = z.strictObject({ id: text, name: z.string(), arguments: z.unknown(), result: z.unknown() });

export const turnSchema = z
  .strictObject({
    role: z.string(),
    text: text,
    start_timestamp: z.number(),
    end_timestamp: number,
    tts_ttfb: number,
    stt_ttfb: number,
    was_interrupted: z.boolean().nullable(),
    end_reason: text,
    vad_buffer_ms: number,
    text_chunks: z.unknown(),
    tool_calls: z.array(toolCallSchema),
  })
  .describe("A transcript row in Cartesia's field names.");

export const agentToolCallSchema = z
  .strictObject({
    id: z.string(),
    tool_call_id: text,
    name: z.string(),
    arguments: z.unknown(),
    result: z.unknown().describe("as the return frame carried it (Line sends a string); null until the tool returns"),
    state: z.enum(["called", "returned", "return_only"]).describe("returned: both frames arrived; return_only: the call frame never did"),
    duration_s: number.describe("from the call frame to the return frame, when both times are known"),
    responding_to: z.unknown().describe("the id of the input event (a user turn) that triggered the call"),
    timestamp: number.describe("seconds on the call's audio timeline"),
    timestamp_derived: z.boolean(),
  })
  .describe("A tool call the agent reported over the telemetry API: a call frame and its return frame, as one.");

export const callEventSchema = z.strictObject({
  id: z.string(),
  type: z.enum(EVENT_KINDS).describe("end_call: name is the reason; transfer: name is the target number; dtmf: name is the button"),
  name: text,
  level: text,
  message: text,
  value: z.unknown(),
  metadata: z.unknown(),
  responding_to: z.unknown(),
  timestamp: number.describe("seconds on the call's audio timeline"),
  timestamp_derived: z.boolean(),
  wall_time: text,
  received_at: z.string(),
  source: z.string().describe("how it arrived: telemetry, cartesia (the sync) or demo"),
  code_location: text.describe("a log line's place in the agent's code: module:function:line (loguru), or the logger's name"),
});

export const evaluationResultSchema = z.strictObject({
  metric_name: z.string(),
  display_name: text,
  value: z.unknown(),
  status: z.string(),
  result: text,
  json_result: z.unknown(),
  run_id: text,
  created_at: time,
});

const interval = z.strictObject({ start: z.number(), end: z.number() });

export const conversationSchema = z
  .strictObject({
    response_gaps: z.array(
      z.strictObject({
        turn_index: z.int().describe("the assistant turn, indexed from 0 among the user and assistant turns"),
        user_turn_index: z.int(),
        gap_ms: z.number().describe("assistant start − user end, from the turns' timestamps; negative when the agent started first"),
        heard_gap_ms: number.describe("the silence in the recording between the user's speech and the agent's; null without a WAV recording"),
        stages: z
          .strictObject({
            endpointing_ms: number.describe("vad_buffer_ms of the assistant turn (of the user turn when only it has one)"),
            stt_ms: number.describe("stt_ttfb of the user turn answered"),
            llm_ms: number.describe("the first configured LLM metric logged for this turn (default llm_first_chunk_ms, then llm_first_text_ms)"),
            tts_ms: number.describe("tts_ttfb of the assistant turn"),
          })
          .nullable()
          .describe(
            "where the wait went, per stage in ms; a stage not measured is null, never 0. Which metric names measure a stage is set in Settings → Latency or LATENCY_STAGE_METRICS. null for gaps measured before stages were",
          ),
        unattributed_ms: number.describe("the measured wait minus the stages: what no stage explains; negative when stages overlap"),
        measured_by: z
          .enum(["audio", "timestamps"])
          .nullable()
          .describe("the wait the stages add up to: the heard gap (audio, with a WAV recording) or the timestamp gap"),
      }),
    ),
    dead_air: z.array(interval).describe("silences of at least DEAD_AIR_MIN_S (default 2 s) between the first turn's start and the last turn's end"),
    overlaps: z.array(interval).describe("a user turn and an assistant turn at once (timestamps)"),
    interruptions: z.int().describe("assistant turns cut off by the user"),
    talk_ratio: number.describe("assistant speaking time ÷ assistant and user speaking time"),
    longest_monologue_s: number,
    time_to_first_word_ms: number.describe("call start → the agent's first word (heard, with a recording)"),
    source: z.enum(["audio", "timestamps"]),
    audio_note: text.describe("why the recording was not read, when there is one that was not"),
    computed_at: z.iso.datetime(),
  })
  .describe("What the caller heard, measured from the turns' timestamps and, when there is a WAV recording, from the audio.");

export const callSchema = z
  .strictObject({
    id: z.string(),
    agent_id: text,
    agent_name: text,
    deployment_id: text,
    status: z.string(),
    start_time: time,
    start_time_source: text,
    end_time: time,
    end_reason: text,
    summary: text,
    error_message: text,
    deployment_version_id: text,
    deployment_region: text,
    batch_id: text,
    zdr_enabled: z.boolean(),
    redacted_at: text,
    content_deleted: z
      .strictObject({ at: z.string(), by: z.string(), reason: z.enum(["cartesia_redacted", "deleted_here", "retention", "erased"]) })
      .nullable(),
    redactions: z
      .partialRecord(z.enum(REDACTION_KINDS), z.int())
      .nullable()
      .describe("what Callscope redacted before storing the call, as counts per kind (never the values); null when nothing was"),
    evaluations: z.array(evaluationResultSchema),
    conversation: conversationSchema.nullable().describe("null until the call has finished and been measured"),
    telephony_params: z.unknown(),
    metadata: z.unknown(),
    webhook_id: text,
    duration_s: number,
    tts_ttfb_p50: number,
    tts_ttfb_max: number,
    recording: z.strictObject({ content_type: z.string(), bytes: z.int(), duration_s: number, sha256: z.string(), source: z.string() }).nullable(),
    recording_status: z.string(),
    transcript: z.array(turnSchema),
    events: z.array(callEventSchema),
    tool_calls: z.array(agentToolCallSchema).describe("the agent's tool calls from the telemetry API; a transcript's are in its turns"),
  })
  .describe("One call with its transcript, tool calls, events and Cartesia's evaluation results.");

/** An event in the stream of every call's events (GET /api/v1/events). */
export const streamEventSchema = z.strictObject({
  id: z.string(),
  call_id: z.string(),
  type: z.enum(EVENT_KINDS),
  name: text,
  level: text,
  message: text,
  value: z.unknown(),
  received_at: z.string(),
});

export type CallSummaryJson = z.infer<typeof callSummarySchema>;
export type CallJson = z.infer<typeof callSchema>;
export type TurnJson = z.infer<typeof turnSchema>;
export type StreamEventJson = z.infer<typeof streamEventSchema>;

export function callListJson(c: CallListRow): CallSummaryJson {
  return {
    id: c.id,
    agent_id: c.agentId,
    agent_name: c.agentName,
    status: c.status,
    start_time: iso(c.startTime),
    duration_s: c.durationS,
    turn_count: c.turnCount,
    tts_ttfb_p50: c.ttfbP50,
    tts_ttfb_max: c.ttfbMax,
    deployment_id: c.deploymentId,
    end_reason: c.endReason,
    error_message: c.errorMessage,
    recording_status: c.recordingStatus,
    ...(c.snippet ? { snippet: c.snippet.replace(/[\u0002\u0003]/g, "") } : {}),
    ...(c.matchAt !== null && c.matchAt !== undefined ? { match_timestamp: c.matchAt } : {}),
  };
}

/** A turn in the field names of Cartesia's transcript rows: the read API and every export use this one shape. */
export function turnJson(t: TurnView): TurnJson {
  return {
    role: t.role,
    text: t.text,
    start_timestamp: t.startS,
    end_timestamp: t.endS,
    ...turnMeasuresJson(t),
    tool_calls: t.toolCalls.map((tc) => ({ id: tc.toolCallId, name: tc.name, arguments: tc.arguments, result: tc.result })),
  };
}

/** What an event says, in the read API's names: the API and the transcript exports give it so. */
export function eventContentJson(e: EventView) {
  return {
    type: e.kind,
    name: e.name,
    level: e.level,
    message: e.message,
    value: e.value,
    metadata: e.metadata,
  };
}

/** Where an event or an agent's tool call stands on the call's audio timeline, and the input it answered. */
function timelineJson(x: Pick<EventView, "respondingTo" | "atS" | "atDerived">) {
  return { responding_to: x.respondingTo, timestamp: x.atS, timestamp_derived: x.atDerived };
}

function eventJson(e: EventView) {
  return {
    id: e.id,
    ...eventContentJson(e),
    ...timelineJson(e),
    wall_time: e.wallTime,
    received_at: e.receivedAt,
    source: e.source,
    code_location: e.codeLocation ?? null,
  };
}

function agentToolCallJson(tc: AgentToolCallView) {
  return {
    id: tc.id,
    tool_call_id: tc.toolCallId,
    name: tc.name,
    arguments: tc.arguments,
    result: tc.result,
    state: tc.state,
    duration_s: tc.durationS,
    ...timelineJson(tc),
  };
}

export function callDetailJson(c: CallDetail): CallJson {
  return {
    id: c.id,
    agent_id: c.agentId,
    agent_name: c.agentName,
    deployment_id: c.deploymentId,
    status: c.status,
    start_time: iso(c.startTime),
    start_time_source: c.startTimeSource,
    end_time: iso(c.endTime),
    end_reason: c.endReason,
    summary: c.summary,
    error_message: c.errorMessage,
    deployment_version_id: c.cartesia.deploymentVersionId,
    deployment_region: c.cartesia.deploymentRegion,
    batch_id: c.cartesia.batchId,
    zdr_enabled: c.cartesia.zdrEnabled,
    redacted_at: c.cartesia.redactedAt,
    content_deleted: c.contentDeleted,
    redactions: c.redactions,
    evaluations: c.evaluations.map((e) => ({
      metric_name: e.metricName,
      display_name: e.displayName,
      value: e.value,
      status: e.status,
      result: e.result,
      json_result: e.jsonResult,
      run_id: e.runId,
      created_at: iso(e.createdAt),
    })),
    conversation: c.conversation,
    telephony_params: c.telephony ?? (c.fromNumber || c.toNumber ? { from: c.fromNumber, to: c.toNumber } : null),
    metadata: c.metadata,
    webhook_id: c.webhookId,
    duration_s: c.durationS,
    tts_ttfb_p50: c.ttfbP50,
    tts_ttfb_max: c.ttfbMax,
    recording: c.recording
      ? {
          content_type: c.recording.contentType,
          bytes: c.recording.bytes,
          duration_s: c.recording.durationS,
          sha256: c.recording.sha256,
          source: c.recording.source,
        }
      : null,
    recording_status: c.recordingStatus,
    transcript: c.turns.map(turnJson),
    events: c.events.map(eventJson),
    tool_calls: c.toolCalls.map(agentToolCallJson),
  };
}
