// Saving call states inside an ingest transaction: only what changed, with
// one multi-row statement per table, so that a batch of many calls costs a
// handful of round trips. Only mutate-calls.ts calls these: what they write
// comes from changes that passed the redaction gate.
import { callMonthOf } from "@/lib/db/call-month";
import { isDeepStrictEqual } from "node:util";
import type { PoolClient } from "pg";
import { turnMeasuresJson } from "@/lib/cartesia/turn-measures";
import { type CallEventRecord, type CallState, callFigures, orderedTurns, turnKey, type TurnRecord } from "./call-state";
import { CONVERSATION_JOB, conversationJob } from "@/lib/jobs/job-kinds";
import { enqueueParams, enqueueSql } from "@/lib/jobs/job-queue";

/** A call in one of these states has all its turns: what the caller heard can be measured. */
const FINISHED = new Set(["completed", "failed", "cancelled"]);

type Row = Record<string, unknown>;

const json = (rows: unknown[]) => JSON.stringify(rows);

function turnRow(callId: string, position: number, t: TurnRecord) {
  return {
    call_id: callId,
    position,
    role: t.role,
    text: t.text,
    start_s: t.startS,
    end_s: t.endS,
    start_ms: t.startMs,
    ...turnMeasuresJson(t),
    extra: t.extra,
    source: t.source,
    final: t.final,
  };
}

/** Writes what changed between `before` and `after` for each call. */
export async function saveStates(client: PoolClient, before: Map<string, CallState>, after: Map<string, CallState>) {
  const callRows: Row[] = [];
  const removed: Row[] = [];
  const upserts: Row[] = [];
  const toolCallsOf = new Map<string, TurnRecord>();
  const toAnalyze: string[] = [];

  for (const [id, state] of after) {
    const old = before.get(id)!;
    const figures = callFigures(state);
    const c = state.call;
    callRows.push({
      id,
      agent_id: c.agentId,
      deployment_id: c.deploymentId,
      status: c.status,
      start_time: c.startTime?.toISOString() ?? null,
      start_time_source: c.startTimeSource,
      end_time: c.endTime?.toISOString() ?? null,
      end_time_source: c.endTimeSource,
      fields_rank: c.fieldsRank,
      end_reason: c.endReason,
      summary: c.summary,
      error_message: c.errorMessage,
      from_number: c.fromNumber,
      to_number: c.toNumber,
      telephony: c.telephony,
      metadata: c.metadata,
      agent_name: c.agentName,
      webhook_id: c.webhookId,
      extra: c.extra,
      transcript_final: c.transcriptFinal,
      turn_count: figures.turnCount,
      duration_s: figures.durationS,
      ttfb_p50: figures.ttfbP50,
      ttfb_max: figures.ttfbMax,
      transcript_text: figures.transcriptText,
    });
    for (const [key, turn] of old.turns) {
      if (!state.turns.has(key)) removed.push({ call_id: id, role: turn.role, start_ms: turn.startMs });
    }
    const upsertsBefore = upserts.length;
    const removedBefore = removed.length;
    const oldOrder = orderedTurns(old);
    orderedTurns(state).forEach((turn, index) => {
      const key = turnKey(turn.role, turn.startMs);
      const previous = old.turns.get(key);
      const previousIndex = previous ? oldOrder.indexOf(previous) : -1;
      if (previous && previousIndex === index && isDeepStrictEqual(previous, turn)) return;
      upserts.push(turnRow(id, index, turn));
      // A new turn's tool calls are written only if it has some; a stored turn's are rewritten when they changed.
      const toolCallsChanged = previous ? !isDeepStrictEqual(previous.toolCalls, turn.toolCalls) : turn.toolCalls.length > 0;
      if (toolCallsChanged) toolCallsOf.set(`${id}\u0000${key}`, turn);
    });
    const turnsChanged = upserts.length > upsertsBefore || removed.length > removedBefore;
    if (FINISHED.has(c.status) && (turnsChanged || old.call.status !== c.status)) toAnalyze.push(id);
  }

  // One statement: the call rows, the turns that went away, the turns that changed, and the analysis of finished calls queued.
  const written = await client.query(
    `with queued as (${enqueueSql("$4", "$5", "$6")}),
     updated as (
       update calls c set
         agent_id = r.agent_id, deployment_id = r.deployment_id, status = r.status,
         start_time = r.start_time, start_time_source = r.start_time_source,
         end_time = r.end_time, end_time_source = r.end_time_source, fields_rank = r.fields_rank,
         end_reason = r.end_reason, summary = r.summary, error_message = r.error_message,
         from_number = r.from_number, to_number = r.to_number, telephony = r.telephony, metadata = r.metadata,
         agent_name = r.agent_name, webhook_id = r.webhook_id, extra = r.extra, transcript_final = r.transcript_final,
         turn_count = r.turn_count, duration_s = r.duration_s, ttfb_p50 = r.ttfb_p50, ttfb_max = r.ttfb_max,
         search_vector = to_tsvector('simple', r.transcript_text || ' ' || coalesce(r.summary, '')),
         sort_time = coalesce(r.start_time, c.sort_time),
         updated_at = now()
       from jsonb_to_recordset($1::jsonb) as r(
         id text, agent_id text, deployment_id text, status text, start_time timestamptz, start_time_source text,
         end_time timestamptz, end_time_source text, fields_rank int, end_reason text, summary text, error_message text,
         from_number text, to_number text, telephony jsonb, metadata jsonb, agent_name text, webhook_id text, extra jsonb,
         transcript_final boolean, turn_count int, duration_s float8, ttfb_p50 float8, ttfb_max float8, transcript_text text)
       where c.id = r.id),
     removed as (
       delete from turns t using jsonb_to_recordset($2::jsonb) as r(call_id text, role text, start_ms bigint)
       where t.call_id = r.call_id and t.role = r.role and t.start_ms = r.start_ms)
     insert into turns (call_id, position, role, text, start_s, end_s, start_ms, tts_ttfb, stt_ttfb, was_interrupted,
                        end_reason, vad_buffer_ms, text_chunks, extra, source, final, call_month)
     select r.*, ${callMonthOf("r.call_id")} from jsonb_to_recordset($3::jsonb) as r(call_id text, position int, role text, text text, start_s float8,
       end_s float8, start_ms bigint, tts_ttfb float8, stt_ttfb float8, was_interrupted boolean, end_reason text,
       vad_buffer_ms float8, text_chunks jsonb, extra jsonb, source text, final boolean)
     on conflict (call_id, role, start_ms, call_month) do update set
       position = excluded.position, text = excluded.text, start_s = excluded.start_s, end_s = excluded.end_s,
       tts_ttfb = excluded.tts_ttfb, stt_ttfb = excluded.stt_ttfb, was_interrupted = excluded.was_interrupted,
       end_reason = excluded.end_reason, vad_buffer_ms = excluded.vad_buffer_ms, text_chunks = excluded.text_chunks,
       extra = excluded.extra, source = excluded.source, final = excluded.final
     ${toolCallsOf.size ? "returning id, call_id, role, start_ms, call_month::text as call_month" : ""}`,
    [json(callRows), json(removed), json(upserts), CONVERSATION_JOB, ...enqueueParams(toAnalyze.map(conversationJob))],
  );
  const toolCallRows: Row[] = [];
  const changedTurns: { call_id: string; turn_id: string }[] = [];
  for (const row of written.rows) {
    const turn = toolCallsOf.get(`${row.call_id}\u0000${turnKey(row.role, Number(row.start_ms))}`);
    if (!turn) continue;
    changedTurns.push({ call_id: row.call_id, turn_id: String(row.id) });
    const callMonth = row.call_month;
    turn.toolCalls.forEach((tc, position) =>
      toolCallRows.push({
        call_id: row.call_id,
        turn_id: String(row.id),
        call_month: callMonth,
        position,
        tool_call_id: tc.toolCallId,
        name: tc.name,
        arguments: tc.arguments,
        result: tc.result,
        extra: tc.extra,
      }),
    );
  }
  if (changedTurns.length) {
    await client.query(
      `delete from tool_calls tc using jsonb_to_recordset($1::jsonb) as r(call_id text, turn_id bigint)
       where tc.call_id = r.call_id and tc.turn_id = r.turn_id`,
      [json(changedTurns)],
    );
  }
  if (toolCallRows.length) {
    await client.query(
      `insert into tool_calls (call_id, turn_id, call_month, position, tool_call_id, name, arguments, result, extra)
       select * from jsonb_to_recordset($1::jsonb) as r(call_id text, turn_id bigint, call_month date, position int, tool_call_id text,
         name text, arguments jsonb, result jsonb, extra jsonb)`,
      [json(toolCallRows)],
    );
  }
}

/** Log events and metrics that descriptions of calls carried, stored as from `source`; their ids make a second copy a no-op. */
export async function insertCallEvents(client: PoolClient, source: string, events: { callId: string; event: CallEventRecord }[]) {
  if (!events.length) return;
  await client.query(
    `insert into call_events (call_id, kind, name, level, message, value, metadata, offset_s, source, external_id, extra, call_month)
     select r.call_id, r.kind, r.name, r.level, r.message, r.value, r.metadata, r.offset_s, $2::text, r.external_id, r.extra, ${callMonthOf("r.call_id")}
     from jsonb_to_recordset($1::jsonb) as r(call_id text, kind text, name text, level text, message text, value jsonb, metadata jsonb,
       offset_s float8, external_id text, extra jsonb)
     on conflict (call_id, external_id, call_month) do nothing`,
    [
      json(
        events.map(({ callId, event }) => ({
          call_id: callId,
          kind: event.kind,
          name: event.name,
          level: event.level,
          message: event.message,
          value: event.value,
          metadata: event.metadata,
          offset_s: event.offsetS,
          external_id: event.externalId,
          extra: event.extra,
        })),
      ),
      source,
    ],
  );
}
