// Measures what the caller heard in one call and stores it: the turns'
// timestamps always, and the recording when it is a WAV file. Run by the
// conversation worker when a call finishes and again when its recording
// arrives; storing replaces what was there.
import { callMonthOf } from "@/lib/db/call-month";
import type { Pool } from "pg";
import { withTransaction } from "@/lib/db/transaction";
import type { RecordingStorage } from "@/lib/recordings/storage";
import { assignChannels, type ConversationTurn, conversationFigures, type HeardSpeech } from "./conversation-figures";
import { detectSpeech } from "./detect-speech";
import { frameEnergies, UnsupportedAudioError } from "./frame-energies";
import { STAGES, type StageMetrics } from "@/lib/stage-metrics";
import { type WaterfallMetric, type WaterfallTurn, waterfalls } from "./waterfall";

const WAV_TYPES = new Set(["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"]);

/** Returns false when the call does not exist (any more). */
export async function analyzeCall(pool: Pool, storage: RecordingStorage, callId: string, deadAirMinS: number, stageMetrics: StageMetrics): Promise<boolean> {
  const { rows: calls } = await pool.query("select id, content_deleted_at from calls where id = $1", [callId]);
  if (!calls.length) return false;
  // Its turns are gone (retention, erasure, a delete): the figures measured before stay as they are.
  if (calls[0].content_deleted_at) return true;
  const { rows } = await pool.query(
    `select role, start_s, end_s, was_interrupted, end_reason, stt_ttfb, tts_ttfb, vad_buffer_ms, extra->>'event_id' as event_id from turns
     where call_id = $1 and role in ('user', 'assistant') and start_s is not null order by position`,
    [callId],
  );
  const turns: ConversationTurn[] = rows.map((r) => ({
    role: r.role,
    startS: r.start_s,
    endS: r.end_s,
    wasInterrupted: r.was_interrupted,
    endReason: r.end_reason,
  }));
  // The logged metrics that measure a stage, placed on the audio timeline as the call page places them.
  const { rows: metricRows } = await pool.query(
    `select e.name, (e.value #>> '{}')::float8 as value,
            coalesce(e.offset_s, extract(epoch from (coalesce(e.wall_time, e.received_at) - c.start_time))::float8) as at_s,
            case when e.responding_to is null or jsonb_typeof(e.responding_to) = 'null' then null
                 when jsonb_typeof(e.responding_to) = 'string' then e.responding_to #>> '{}' else e.responding_to::text end as responding_to
     from call_events e join calls c on c.id = e.call_id
     where e.call_id = $1 and e.kind = 'log_metric' and e.name = any($2::text[]) and jsonb_typeof(e.value) = 'number'`,
    [callId, [...new Set(STAGES.flatMap((s) => stageMetrics[s]))]],
  );
  const metrics: WaterfallMetric[] = metricRows.map((r) => ({ name: r.name, value: r.value, atS: r.at_s, respondingTo: r.responding_to }));
  const waterfallTurns: WaterfallTurn[] = rows.map((r) => ({
    role: r.role,
    startS: r.start_s,
    sttTtfb: r.stt_ttfb,
    ttsTtfb: r.tts_ttfb,
    vadBufferMs: r.vad_buffer_ms,
    eventId: r.event_id,
  }));
  const { rows: recordings } = await pool.query("select storage_key, content_type from recordings where call_id = $1", [callId]);
  let speech: HeardSpeech | null = null;
  let audioNote: string | null = null;
  const recording = recordings[0];
  if (recording && turns.length) {
    if (!WAV_TYPES.has(recording.content_type)) audioNote = `${recording.content_type} recordings are not read: the figures come from the timestamps`;
    else {
      try {
        const energies = await frameEnergies(storage.get(recording.storage_key));
        speech = assignChannels(
          turns,
          energies.channels.map((levels) => detectSpeech(levels, energies.frameS)),
        );
      } catch (error) {
        if (!(error instanceof UnsupportedAudioError)) throw error;
        audioNote = `the recording could not be read (${error.message}): the figures come from the timestamps`;
      }
    }
  }
  const figures = conversationFigures(turns, speech, deadAirMinS);
  const stages = waterfalls(waterfallTurns, figures.response_gaps, metrics, stageMetrics);
  const deadAirS = figures.dead_air.reduce((s, i) => s + (i.end - i.start), 0);
  await withTransaction(pool, async (client) => {
    await client.query(
      `insert into call_conversations (call_id, source, dead_air, "overlaps", interruptions, talk_ratio, longest_monologue_s, time_to_first_word_ms, dead_air_s, audio_note, computed_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       on conflict (call_id) do update set source = excluded.source, dead_air = excluded.dead_air, "overlaps" = excluded."overlaps",
         interruptions = excluded.interruptions, talk_ratio = excluded.talk_ratio, longest_monologue_s = excluded.longest_monologue_s,
         time_to_first_word_ms = excluded.time_to_first_word_ms, dead_air_s = excluded.dead_air_s, audio_note = excluded.audio_note, computed_at = now()`,
      [
        callId,
        figures.source,
        JSON.stringify(figures.dead_air),
        JSON.stringify(figures.overlaps),
        figures.interruptions,
        figures.talk_ratio,
        figures.longest_monologue_s,
        figures.time_to_first_word_ms,
        deadAirS,
        audioNote,
      ],
    );
    await client.query("delete from response_gaps where call_id = $1", [callId]);
    if (figures.response_gaps.length) {
      await client.query(
        `insert into response_gaps (call_id, call_month, turn_index, user_turn_index, gap_ms, heard_gap_ms,
                                    endpointing_ms, stt_ms, llm_ms, tts_ms, unattributed_ms, measured_by)
         select $1, ${callMonthOf("$1")}, * from unnest($2::int[], $3::int[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::text[])`,
        [
          callId,
          figures.response_gaps.map((g) => g.turn_index),
          figures.response_gaps.map((g) => g.user_turn_index),
          figures.response_gaps.map((g) => g.gap_ms),
          figures.response_gaps.map((g) => g.heard_gap_ms),
          stages.map((w) => w.stages.endpointing_ms),
          stages.map((w) => w.stages.stt_ms),
          stages.map((w) => w.stages.llm_ms),
          stages.map((w) => w.stages.tts_ms),
          stages.map((w) => w.unattributed_ms),
          stages.map((w) => w.measured_by),
        ],
      );
    }
  });
  return true;
}
