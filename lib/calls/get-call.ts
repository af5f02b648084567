// One call with everything the call page shows, in one round trip: the call,
// its turns with their tool calls, its events placed on the audio timeline,
// and its recording.
import type { Pool } from "pg";

export type ToolCallView = { toolCallId: string | null; name: string; arguments: unknown; result: unknown };

export type TurnView = {
  id: string;
  position: number;
  role: string;
  text: string;
  startS: number;
  endS: number | null;
  ttsTtfb: number | null;
  sttTtfb: number | null;
  wasInterrupted: boolean | null;
  endReason: string | null;
  vadBufferMs: number | null;
  textChunks: unknown;
  extra: unknown;
  toolCalls: ToolCallView[];
};

export type EventView = {
  id: string;
  kind: "log_event" | "log_metric" | "log";
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
  turns: TurnView[];
  events: EventView[];
};

/** A call's turns (with their tool calls) as a JSON array of TurnView, for a query over `calls c`. */
export const TURNS_JSON = `coalesce((select json_agg(json_build_object(
    'id', t.id::text, 'position', t.position, 'role', t.role, 'text', t.text, 'startS', t.start_s, 'endS', t.end_s,
    'ttsTtfb', t.tts_ttfb, 'sttTtfb', t.stt_ttfb, 'wasInterrupted', t.was_interrupted, 'endReason', t.end_reason,
    'vadBufferMs', t.vad_buffer_ms, 'textChunks', t.text_chunks, 'extra', t.extra,
    'toolCalls', coalesce((select json_agg(json_build_object('toolCallId', tc.tool_call_id, 'name', tc.name,
         'arguments', tc.arguments, 'result', tc.result) order by tc.position) from tool_calls tc where tc.turn_id = t.id), '[]'::json))
  order by t.start_s, t.position) from turns t where t.call_id = c.id), '[]'::json)`;

const EVENT_AT = "coalesce(e.offset_s, extract(epoch from (coalesce(e.wall_time, e.received_at) - c.start_time))::float8)";

/** A call's events as a JSON array of EventView, placed on the audio timeline, for a query over `calls c`. */
export const EVENTS_JSON = `coalesce((select json_agg(json_build_object(
    'id', e.id::text, 'kind', e.kind, 'name', e.name, 'level', e.level, 'message', e.message, 'value', e.value,
    'metadata', e.metadata, 'respondingTo', e.responding_to, 'atS', ${EVENT_AT},
    'atDerived', e.offset_s is null, 'wallTime', e.wall_time, 'receivedAt', e.received_at, 'source', e.source)
  order by ${EVENT_AT}, e.id) from call_events e where e.call_id = c.id), '[]'::json)`;

export async function getCall(pool: Pool, id: string): Promise<CallDetail | null> {
  const { rows } = await pool.query(
    `select c.*,
       (select json_build_object('contentType', r.content_type, 'bytes', r.bytes, 'durationS', r.duration_s, 'sha256', r.sha256, 'source', r.source)
          from recordings r where r.call_id = c.id) as recording,
       ${TURNS_JSON} as turns,
       ${EVENTS_JSON} as events
     from calls c where c.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
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
    recording: r.recording ? { ...r.recording, bytes: Number(r.recording.bytes) } : null,
    turns: r.turns,
    events: r.events,
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
