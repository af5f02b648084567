// One call with everything the call page shows, in one round trip: the call,
// its turns with their tool calls, its events placed on the audio timeline,
// and its recording.
import { callMonthOf } from "@/lib/db/call-month";
import type { RedactionCounts } from "@/lib/privacy/redact";
import type { Pool } from "pg";
import { turnMeasures, type TurnMeasures } from "@/lib/cartesia/turn-measures";
import { getConversation, type StoredConversation } from "@/lib/conversation/get-conversation";
import { type CallEvaluation, callEvaluations } from "@/lib/evaluations/evaluation-figures";
import type { DeletedContent } from "@/lib/privacy/delete-call-content";
import { prepared } from "@/lib/db/prepared";
import type { EventKind } from "./event-kinds";

export type ToolCallView = { toolCallId: string | null; name: string; arguments: unknown; result: unknown };

/** A tool call the agent reported over the telemetry API (Line's tool_call frames), on the audio timeline. */
export type AgentToolCallView = ToolCallView & {
  id: string;
  /** called (no return yet), returned, or return_only (the call frame never arrived) */
  state: "called" | "returned" | "return_only";
  respondingTo: unknown;
  atS: number | null;
  atDerived: boolean;
  durationS: number | null;
};

export type TurnView = TurnMeasures & {
  id: string;
  position: number;
  role: string;
  /** null when Cartesia sent none */
  text: string | null;
  startS: number;
  endS: number | null;
  extra: unknown;
  toolCalls: ToolCallView[];
};

export type EventView = {
  id: string;
  kind: EventKind;
  name: string | null;
  level: string | null;
  message: string | null;
  value: unknown;
  metadata: unknown;
  respondingTo: unknown;
  /** seconds on the audio timeline: as sent, or from wall time and the call's start */
  atS: number | null;
  /** whether atS was computed from a wall time rather than sent as an offset */
  atDerived: boolean;
  wallTime: string | null;
  receivedAt: string;
  source: string;
  /** a logging statement's place in the agent's code (module:function:line), when it came with one */
  codeLocation?: string | null;
};

export type CallDetail = {
  id: string;
  agentId: string | null;
  agentName: string | null;
  deploymentId: string | null;
  status: string;
  startTime: Date | null;
  startTimeSource: string | null;
  endTime: Date | null;
  endReason: string | null;
  summary: string | null;
  errorMessage: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  telephony: unknown;
  metadata: unknown;
  extra: unknown;
  webhookId: string | null;
  durationS: number | null;
  turnCount: number;
  ttfbP50: number | null;
  ttfbMax: number | null;
  recordingStatus: string;
  recording: { contentType: string; bytes: number; durationS: number | null; sha256: string; source: string } | null;
  /** fields of Cartesia's call object that Callscope keeps as sent */
  cartesia: { deploymentVersionId: string | null; deploymentRegion: string | null; batchId: string | null; zdrEnabled: boolean; redactedAt: string | null };
  /** when the call's content was deleted (by Cartesia's redaction or here), by whom */
  contentDeleted: DeletedContent | null;
  /** what Callscope redacted before storing the call, per kind */
  redactions: RedactionCounts | null;
  /** Cartesia's evaluation results of the call */
  evaluations: CallEvaluation[];
  /** what the caller heard: response gaps, dead air, talk-over; null until measured */
  conversation: StoredConversation | null;
  turns: TurnView[];
  events: EventView[];
  /** tool calls from the telemetry API; a transcript's are in its turns */
  toolCalls: AgentToolCallView[];
};

/** A call's turns (with their tool calls) as a JSON array of TurnView, for a query over `calls c`. */
export const TURNS_JSON = `coalesce((select json_agg(json_build_object(
    'id', t.id::text, 'position', t.position, 'role', t.role, 'text', t.text, 'startS', t.start_s, 'endS', t.end_s,
    'ttsTtfb', t.tts_ttfb, 'sttTtfb', t.stt_ttfb, 'wasInterrupted', t.was_interrupted, 'endReason', t.end_reason,
    'vadBufferMs', t.vad_buffer_ms, 'textChunks', t.text_chunks, 'extra', t.extra,
    'toolCalls', coalesce((select json_agg(json_build_object('toolCallId', tc.tool_call_id, 'name', tc.name,
         'arguments', tc.arguments, 'result', tc.result) order by tc.position) from tool_calls tc where tc.call_id = t.call_id and tc.turn_id = t.id and tc.call_month = t.call_month), '[]'::json))
  order by t.start_s, t.position) from turns t where t.call_id = c.id and t.call_month = c.call_month), '[]'::json)`;

const EVENT_AT = "coalesce(e.offset_s, extract(epoch from (coalesce(e.wall_time, e.received_at) - c.start_time))::float8)";

/** A call's events as a JSON array of EventView, placed on the audio timeline, for a query over `calls c`. */
export const EVENTS_JSON = `coalesce((select json_agg(json_build_object(
    'id', e.id::text, 'kind', e.kind, 'name', e.name, 'level', e.level, 'message', e.message, 'value', e.value,
    'metadata', e.metadata, 'respondingTo', e.responding_to, 'atS', ${EVENT_AT},
    'atDerived', e.offset_s is null, 'wallTime', e.wall_time, 'receivedAt', e.received_at, 'source', e.source, 'codeLocation', e.code_location)
  order by ${EVENT_AT}, e.id) from call_events e where e.call_id = c.id and e.call_month = c.call_month), '[]'::json)`;

const CALL_SQL = `select c.*, coalesce(c.agent_name, (select a.name from agents a where a.id = c.agent_id)) as agent_name, r.content_type as r_content_type, r.bytes as r_bytes, r.duration_s as r_duration_s, r.sha256 as r_sha256, r.source as r_source
  from calls c left join recordings r on r.call_id = c.id where c.id = $1`;

const TURNS_SQL = `select t.id::text, t.position, t.role, t.text, t.start_s, t.end_s, t.tts_ttfb, t.stt_ttfb, t.was_interrupted, t.end_reason,
    t.vad_buffer_ms, t.text_chunks, t.extra,
    (select json_agg(json_build_object('toolCallId', tc.tool_call_id, 'name', tc.name, 'arguments', tc.arguments, 'result', tc.result)
       order by tc.position) from tool_calls tc where tc.call_id = t.call_id and tc.turn_id = t.id and tc.call_month = t.call_month) as tool_calls
  from turns t where t.call_id = $1 and t.call_month = ${callMonthOf("$1")} order by t.start_s, t.position`;

const EVENTS_SQL = `select e.id::text, e.kind, e.name, e.level, e.message, e.value, e.metadata, e.responding_to, e.offset_s, e.wall_time, e.received_at, e.source, e.code_location,
    ${EVENT_AT.replace(/c\.start_time/g, "(select start_time from calls where id = $1)")} as at_s
  from call_events e where e.call_id = $1 and e.call_month = ${callMonthOf("$1")} order by at_s, e.id`;

const TOOL_CALLS_SQL = `select tc.id::text, tc.tool_call_id, tc.name, tc.arguments, tc.result, tc.state, tc.responding_to, tc.offset_s, tc.duration_s,
    ${EVENT_AT.replace(/e\./g, "tc.").replace(/c\.start_time/g, "(select start_time from calls where id = $1)")} as at_s
  from tool_calls tc where tc.call_id = $1 and tc.call_month = ${callMonthOf("$1")} and tc.turn_id is null order by at_s, tc.id`;

/**
 * One call: four plain reads run side by side on separate connections (the
 * call, its turns with their tool calls, its events and the agent's tool calls placed on the timeline),
 * shaped here. Cheaper for Postgres than building the whole page as JSON.
 */
export async function getCall(pool: Pool, id: string): Promise<CallDetail | null> {
  const [calls, turns, events, toolCalls, evaluations, conversation] = await Promise.all([
    pool.query(prepared(CALL_SQL, [id])),
    pool.query(prepared(TURNS_SQL, [id])),
    pool.query(prepared(EVENTS_SQL, [id])),
    pool.query(prepared(TOOL_CALLS_SQL, [id])),
    callEvaluations(pool, id),
    getConversation(pool, id),
  ]);
  const r = calls.rows[0];
  if (!r) return null;
  const extra = (r.extra ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" && v ? v : null);
  return {
    id: r.id,
    agentId: r.agent_id,
    agentName: r.agent_name,
    deploymentId: r.deployment_id,
    status: r.status,
    startTime: r.start_time,
    startTimeSource: r.start_time_source,
    endTime: r.end_time,
    endReason: r.end_reason,
    summary: r.summary,
    errorMessage: r.error_message,
    fromNumber: r.from_number,
    toNumber: r.to_number,
    telephony: r.telephony,
    metadata: r.metadata,
    extra: r.extra,
    webhookId: r.webhook_id,
    durationS: r.duration_s,
    turnCount: r.turn_count,
    ttfbP50: r.ttfb_p50,
    ttfbMax: r.ttfb_max,
    recordingStatus: r.recording_status,
    cartesia: {
      deploymentVersionId: text(extra.deployment_version_id),
      deploymentRegion: text(extra.deployment_region),
      batchId: text(extra.batch_id),
      zdrEnabled: extra.zdr_enabled === true,
      redactedAt: text(extra.redacted_at),
    },
    contentDeleted: (extra.content_deleted as DeletedContent | undefined) ?? null,
    redactions: (r.redactions as RedactionCounts | null) ?? null,
    evaluations,
    conversation,
    recording: r.r_sha256
      ? { contentType: r.r_content_type, bytes: Number(r.r_bytes), durationS: r.r_duration_s, sha256: r.r_sha256, source: r.r_source }
      : null,
    turns: turns.rows.map((t) => ({
      id: t.id,
      position: t.position,
      role: t.role,
      text: t.text,
      startS: t.start_s,
      endS: t.end_s,
      ...turnMeasures(t),
      extra: t.extra,
      toolCalls: t.tool_calls ?? [],
    })),
    events: events.rows.map((e) => ({
      id: e.id,
      kind: e.kind,
      name: e.name,
      level: e.level,
      message: e.message,
      value: e.value,
      metadata: e.metadata,
      respondingTo: e.responding_to,
      atS: e.at_s,
      atDerived: e.offset_s === null,
      wallTime: e.wall_time ? e.wall_time.toISOString() : null,
      receivedAt: e.received_at.toISOString(),
      source: e.source,
      codeLocation: e.code_location ?? null,
    })),
    toolCalls: toolCalls.rows.map((tc) => ({
      id: tc.id,
      toolCallId: tc.tool_call_id,
      name: tc.name,
      arguments: tc.arguments,
      result: tc.result,
      state: tc.state,
      respondingTo: tc.responding_to,
      atS: tc.at_s,
      atDerived: tc.offset_s === null,
      durationS: tc.duration_s,
    })),
  };
}

export type DeliveryView = { id: string; type: string; outcome: string; receivedAt: Date; eventTime: string | null; payload: unknown };

/** The stored webhook deliveries of a call, in event-time order: the Raw tab. */
export async function getCallDeliveries(pool: Pool, id: string, limit = 200): Promise<DeliveryView[]> {
  const { rows } = await pool.query(
    `select id::text, type, outcome, received_at, event_time, payload from webhook_deliveries
     where call_id = $1 order by event_time_ns nulls last, id limit $2`,
    [id, limit],
  );
  return rows.map((r) => ({ id: r.id, type: r.type, outcome: r.outcome, receivedAt: r.received_at, eventTime: r.event_time, payload: r.payload }));
}
