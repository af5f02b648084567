// One colour per stage of a wait, the same on the call page and the latency
// page, each readable on white and on zinc-900.
import type { StageMetric } from "@/lib/latency/rollup";

export type StageKey = "endpointing" | "stt" | "llm" | "tts" | "unattributed";

export const STAGE_KEYS: StageKey[] = ["endpointing", "stt", "llm", "tts", "unattributed"];

export const STAGE_NAMES: Record<StageKey, string> = {
  endpointing: "Endpointing",
  stt: "Speech-to-text",
  llm: "LLM",
  tts: "Text-to-speech",
  unattributed: "Unattributed",
};

/** The bar's fill, and the dot beside a number in the legend. */
export const STAGE_FILL: Record<StageKey, string> = {
  endpointing: "bg-amber-400 dark:bg-amber-500",
  stt: "bg-emerald-500 dark:bg-emerald-400",
  llm: "bg-violet-500 dark:bg-violet-400",
  tts: "bg-sky-500 dark:bg-sky-400",
  unattributed:
    "bg-zinc-300 dark:bg-zinc-600 bg-[repeating-linear-gradient(135deg,transparent_0_3px,rgba(255,255,255,0.45)_3px_6px)] dark:bg-[repeating-linear-gradient(135deg,transparent_0_3px,rgba(0,0,0,0.35)_3px_6px)]",
};

export const STAGE_METRIC_OF: Record<StageKey, StageMetric> = {
  endpointing: "stage_endpointing",
  stt: "stage_stt",
  llm: "stage_llm",
  tts: "stage_tts",
  unattributed: "stage_unattributed",
};
