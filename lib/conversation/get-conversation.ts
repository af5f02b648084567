// A call's conversation figures as stored by analyze-call, in the API's shape.
import type { Pool } from "pg";
import type { Conversation, ResponseGap } from "./conversation-figures";
import type { Waterfall } from "./waterfall";

/** A response gap with where its wait went; the stages are null for gaps measured before stages were. */
export type StoredGap = ResponseGap & { stages: Waterfall["stages"] | null; unattributed_ms: number | null; measured_by: Waterfall["measured_by"] | null };

export type StoredConversation = Omit<Conversation, "response_gaps"> & {
  response_gaps: StoredGap[];
  /** why the recording was not read, when there is one that was not */
  audio_note: string | null;
  computed_at: string;
};

/** The figures of these calls, by call id; calls not measured yet are absent. */
export async function getConversations(pool: Pool, callIds: string[]): Promise<Map<string, StoredConversation>> {
  const { rows } = await pool.query(
    `select v.*, coalesce((select json_agg(json_build_object('turn_index', g.turn_index, 'user_turn_index', g.user_turn_index,
              'gap_ms', g.gap_ms, 'heard_gap_ms', g.heard_gap_ms,
              'stages', case when g.measured_by is null then null else json_build_object('endpointing_ms', g.endpointing_ms, 'stt_ms', g.stt_ms,
                'llm_ms', g.llm_ms, 'tts_ms', g.tts_ms) end,
              'unattributed_ms', g.unattributed_ms, 'measured_by', g.measured_by) order by g.turn_index)
            from response_gaps g where g.call_id = v.call_id), '[]') as gaps
     from call_conversations v where v.call_id = any($1::text[])`,
    [callIds],
  );
  return new Map(
    rows.map((r) => [
      r.call_id as string,
      {
        response_gaps: r.gaps,
        dead_air: r.dead_air,
        overlaps: r.overlaps,
        interruptions: r.interruptions,
        talk_ratio: r.talk_ratio,
        longest_monologue_s: r.longest_monologue_s,
        time_to_first_word_ms: r.time_to_first_word_ms,
        source: r.source,
        audio_note: r.audio_note,
        computed_at: (r.computed_at as Date).toISOString(),
      },
    ]),
  );
}

export async function getConversation(pool: Pool, callId: string): Promise<StoredConversation | null> {
  return (await getConversations(pool, [callId])).get(callId) ?? null;
}

export type TurnGap = {
  /** where the wait began on the recording: the end of the user turn answered */
  waitStartS: number;
  gapMs: number;
  heardGapMs: number | null;
  /** where the wait went; null when the gap was measured before stages were */
  waterfall: Waterfall | null;
};

/** Each response gap under the id of its assistant turn: turn_index counts the user and assistant turns, in order. */
export function gapsByTurnId(
  turns: { id: string; role: string; startS: number; endS: number | null }[],
  conversation: StoredConversation | null,
): Record<string, TurnGap> {
  if (!conversation) return {};
  const spoken = turns.filter((t) => t.role === "user" || t.role === "assistant");
  const byId: Record<string, TurnGap> = {};
  for (const g of conversation.response_gaps) {
    const turn = spoken[g.turn_index];
    const question = spoken[g.user_turn_index];
    if (turn)
      byId[turn.id] = {
        waitStartS: question ? Math.max(question.startS, question.endS ?? question.startS) : turn.startS,
        gapMs: g.gap_ms,
        heardGapMs: g.heard_gap_ms,
        waterfall:
          g.stages && g.measured_by && g.unattributed_ms !== null ? { stages: g.stages, unattributed_ms: g.unattributed_ms, measured_by: g.measured_by } : null,
      };
  }
  return byId;
}
