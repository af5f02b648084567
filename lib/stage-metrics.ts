// The stages of a caller's wait and the setting that names which metrics
// measure each one. Apart from the waterfall itself, so that reading the
// environment does not load it.
import { z } from "zod";

export const STAGES = ["endpointing", "stt", "llm", "tts"] as const;
export type Stage = (typeof STAGES)[number];

/** For each stage, the metric names that measure it, the first present winning. */
export type StageMetrics = Record<Stage, string[]>;

export const DEFAULT_STAGE_METRICS: StageMetrics = {
  endpointing: ["vad_buffer_ms"],
  stt: ["stt_ttfb"],
  llm: ["llm_first_chunk_ms", "llm_first_text_ms"],
  tts: ["tts_ttfb"],
};

const metricName = z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/);
export const stageMetricsSchema = z.object({
  endpointing: z.array(metricName).max(20),
  stt: z.array(metricName).max(20),
  llm: z.array(metricName).max(20),
  tts: z.array(metricName).max(20),
});

/**
 * "llm=llm_ttft_ms,llm_first_chunk_ms; tts=tts_ttfb" → the stages it names
 * (the others keep their defaults). Throws on a stage or name it cannot read.
 */
export function parseStageMetrics(text: string): StageMetrics {
  const out: StageMetrics = { ...DEFAULT_STAGE_METRICS };
  for (const part of text.split(";")) {
    if (!part.trim()) continue;
    const [stage, names = "", ...more] = part.split("=");
    const key = stage.trim() as Stage;
    if (more.length || !STAGES.includes(key)) throw new Error(`"${part.trim()}" is not stage=name,name (stages: ${STAGES.join(", ")})`);
    const list = names
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    for (const name of list) if (!metricName.safeParse(name).success) throw new Error(`"${name}" is not a metric name`);
    out[key] = list;
  }
  return out;
}

export function formatStageMetrics(metrics: StageMetrics): string {
  return STAGES.map((s) => `${s}=${metrics[s].join(",")}`).join("; ");
}
