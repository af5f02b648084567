// What Cartesia measures and says of each transcript row beside its words and
// times, in Cartesia's field names (which the turns table's columns and the
// read API keep) and in Callscope's: one mapping each way.

export type TurnMeasures = {
  ttsTtfb: number | null;
  sttTtfb: number | null;
  wasInterrupted: boolean | null;
  endReason: string | null;
  vadBufferMs: number | null;
  textChunks: unknown;
};

/** The same fields in Cartesia's names: a transcript row sent may leave any of them out, a stored one holds null. */
export type TurnMeasuresJson = {
  tts_ttfb?: number | null;
  stt_ttfb?: number | null;
  was_interrupted?: boolean | null;
  end_reason?: string | null;
  vad_buffer_ms?: number | null;
  text_chunks?: unknown;
};

/** A transcript row's (or a turns row's) measures, null where it has none. */
export function turnMeasures(row: TurnMeasuresJson): TurnMeasures {
  return {
    ttsTtfb: row.tts_ttfb ?? null,
    sttTtfb: row.stt_ttfb ?? null,
    wasInterrupted: row.was_interrupted ?? null,
    endReason: row.end_reason ?? null,
    vadBufferMs: row.vad_buffer_ms ?? null,
    textChunks: row.text_chunks ?? null,
  };
}

/** A turn's measures in Cartesia's names, for a turns row or an answer. */
export function turnMeasuresJson(t: TurnMeasures) {
  return {
    tts_ttfb: t.ttsTtfb,
    stt_ttfb: t.sttTtfb,
    was_interrupted: t.wasInterrupted,
    end_reason: t.endReason,
    vad_buffer_ms: t.vadBufferMs,
    text_chunks: t.textChunks,
  };
}
