// A call's conversation figures as stored by analyze-call, in the API's shape.
import type { Pool } from "pg";
import type { Conversation } from "./conversation-figures";

export type StoredConversation = Conversation & {
  /** why the recording was not read, when there is one that was not */
  audio_note: string | null;
  computed_at: string;
};

/** The figures of these calls, by call id; calls not measured yet are absent. */
export async function getConversations(pool: Pool, callIds: string[]): Promise<Map<string, StoredConversation>> {
  const { rows } = await pool.query(
    `select v.*, coalesce((select json_agg(json_build_object('turn_index', g.turn_index, 'user_turn_index', g.user_turn_index,
              'gap_ms', g.gap_ms, 'heard_gap_ms', g.heard_gap_ms) order by g.turn_index)
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

export type TurnGap = { gapMs: number; heardGapMs: number | null };

/** Each response gap under the id of its assistant turn: turn_index counts the user and assistant turns, in order. */
export function gapsByTurnId(turns: { id: string; role: string }[], conversation: StoredConversation | null): Record<string, TurnGap> {
  if (!conversation) return {};
  const spoken = turns.filter((t) => t.role === "user" || t.role === "assistant");
  const byId: Record<string, TurnGap> = {};
  for (const g of conversation.response_gaps) {
    const turn = spoken[g.turn_index];
    if (turn) byId[turn.id] = { gapMs: g.gap_ms, heardGapMs: g.heard_gap_ms };
  }
  return byId;
}
