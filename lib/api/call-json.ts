// Calls in snake_case, close to Cartesia's own Call object, so code written for Cartesia's API reads them.
import type { CallListRow } from "@/lib/calls/list-calls";
import type { CallDetail, TurnView } from "@/lib/calls/get-call";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function callListJson(c: CallListRow) {
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
export function turnJson(t: TurnView) {
  return {
    role: t.role,
    text: t.text,
    start_timestamp: t.startS,
    end_timestamp: t.endS,
    tts_ttfb: t.ttsTtfb,
    stt_ttfb: t.sttTtfb,
    was_interrupted: t.wasInterrupted,
    end_reason: t.endReason,
    vad_buffer_ms: t.vadBufferMs,
    text_chunks: t.textChunks,
    tool_calls: t.toolCalls.map((tc) => ({ id: tc.toolCallId, name: tc.name, arguments: tc.arguments, result: tc.result })),
  };
}

export function callDetailJson(c: CallDetail) {
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
    evaluations: c.evaluations.map((e) => ({
      metric_name: e.metricName,
      display_name: e.displayName,
      value: e.value,
      status: e.status,
      result: e.result,
      json_result: e.jsonResult,
      run_id: e.runId,
      created_at: e.createdAt?.toISOString() ?? null,
    })),
    telephony_params: c.telephony ?? (c.fromNumber || c.toNumber ? { from: c.fromNumber, to: c.toNumber } : null),
    metadata: c.metadata,
    webhook_id: c.webhookId,
    duration_s: c.durationS,
    tts_ttfb_p50: c.ttfbP50,
    tts_ttfb_max: c.ttfbMax,
    recording: c.recording
      ? { content_type: c.recording.contentType, bytes: c.recording.bytes, duration_s: c.recording.durationS, sha256: c.recording.sha256, source: c.recording.source }
      : null,
    recording_status: c.recordingStatus,
    transcript: c.turns.map(turnJson),
    events: c.events.map((e) => ({
      id: e.id,
      type: e.kind,
      name: e.name,
      level: e.level,
      message: e.message,
      value: e.value,
      metadata: e.metadata,
      responding_to: e.respondingTo,
      timestamp: e.atS,
      timestamp_derived: e.atDerived,
      wall_time: e.wallTime,
      received_at: e.receivedAt,
      source: e.source,
    })),
  };
}
