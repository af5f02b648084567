// Loading call states inside an ingest transaction: the calls locked in id
// order and read with their turns, as the ingest code's CallState.
import type { PoolClient } from "pg";
import { turnMeasures, type TurnMeasuresJson } from "@/lib/cartesia/turn-measures";
import { type CallRecord, type CallState, turnKey, type TurnRecord } from "./call-state";

type Row = Record<string, unknown>;

/**
 * Makes sure the calls exist, locks them and reads their state. The upsert
 * takes the row locks (in id order, so concurrent writers never deadlock)
 * and returns the latest version of each row. The turns are read by a second
 * statement: it takes a new snapshot, which sees what a writer that held the
 * lock before us committed.
 */
export async function lockAndLoad(client: PoolClient, ids: string[]): Promise<Map<string, CallState>> {
  const sorted = [...new Set(ids)].sort();
  const calls = await client.query(
    `insert into calls (id) select unnest($1::text[]) order by 1
     on conflict (id) do update set id = excluded.id
     returning *`,
    [sorted],
  );
  const turns = await client.query(
    `select t.call_id, t.role, t.start_s, t.start_ms, t.end_s, t.text, t.tts_ttfb, t.stt_ttfb, t.was_interrupted, t.end_reason,
            t.vad_buffer_ms, t.text_chunks, t.extra, t.source, t.final,
            (select json_agg(json_build_object('tool_call_id', tc.tool_call_id, 'name', tc.name, 'arguments', tc.arguments,
                 'result', tc.result, 'extra', tc.extra) order by tc.position)
             from tool_calls tc where tc.call_id = t.call_id and tc.turn_id = t.id) as tool_calls
     from turns t where t.call_id = any($1::text[])`,
    [sorted],
  );
  const states = new Map<string, CallState>();
  for (const row of calls.rows) states.set(row.id, { call: callFromRow(row), turns: new Map() });
  for (const row of turns.rows) {
    const turn = turnFromRow(row);
    states.get(row.call_id)!.turns.set(turnKey(turn.role, turn.startMs), turn);
  }
  return states;
}

function callFromRow(row: Row): CallRecord {
  return {
    id: row.id as string,
    agentId: row.agent_id as string | null,
    deploymentId: row.deployment_id as string | null,
    status: row.status as string,
    startTime: row.start_time as Date | null,
    startTimeSource: row.start_time_source as CallRecord["startTimeSource"],
    endTime: row.end_time as Date | null,
    endTimeSource: row.end_time_source as CallRecord["endTimeSource"],
    fieldsRank: row.fields_rank as number,
    endReason: row.end_reason as string | null,
    summary: row.summary as string | null,
    errorMessage: row.error_message as string | null,
    fromNumber: row.from_number as string | null,
    toNumber: row.to_number as string | null,
    telephony: row.telephony ?? null,
    metadata: row.metadata ?? null,
    agentName: row.agent_name as string | null,
    webhookId: row.webhook_id as string | null,
    extra: (row.extra as Record<string, unknown> | null) ?? null,
    transcriptFinal: row.transcript_final as boolean,
  };
}

function turnFromRow(row: Row): TurnRecord {
  return {
    role: row.role as string,
    startS: row.start_s as number,
    startMs: Number(row.start_ms),
    endS: row.end_s as number | null,
    text: row.text as string | null,
    ...turnMeasures(row as TurnMeasuresJson),
    extra: (row.extra as Record<string, unknown> | null) ?? null,
    source: row.source as string,
    final: row.final as boolean,
    toolCalls: ((row.tool_calls as Row[] | null) ?? []).map((tc) => ({
      toolCallId: (tc.tool_call_id as string | null) ?? null,
      name: tc.name as string,
      arguments: tc.arguments ?? null,
      result: tc.result ?? null,
      extra: (tc.extra as Record<string, unknown> | null) ?? null,
    })),
  };
}

export function cloneState(state: CallState): CallState {
  return structuredClone(state);
}
