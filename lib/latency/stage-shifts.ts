// The stage view's words: which stage moved most between a deployment and the
// one before it. Pure, so the page, the API and the CLI say the same thing.
import type { Shift } from "./compare-deployments";
import type { StageMetric } from "./rollup";

/** The parts of the wait, in the order they happen. */
export const STAGE_PARTS = ["stage_endpointing", "stage_stt", "stage_llm", "stage_tts", "stage_unattributed"] as const satisfies readonly StageMetric[];
export type StagePart = (typeof STAGE_PARTS)[number];

export const STAGE_PART_LABELS: Record<StageMetric, string> = {
  stage_wait: "the wait",
  stage_endpointing: "endpointing",
  stage_stt: "speech-to-text",
  stage_llm: "the LLM",
  stage_tts: "text-to-speech",
  stage_unattributed: "unattributed time",
};

/** Each part's and the wait's shift at one percentile; null where a side lacks values. */
export type StageShifts = Record<StageMetric, Shift | null>;

const ms = (v: number) => `${Math.round(Math.abs(v)).toLocaleString("en")} ms`;

/**
 * "v42 is 310 ms slower at p95 than v41; text-to-speech accounts for 260 ms
 * of it." The stage named is the one that moved most in the wait's direction;
 * null when the wait has no shift to explain.
 */
export function describeStageShift(label: string, previousLabel: string, percentile: string, shifts: StageShifts): string | null {
  const wait = shifts.stage_wait;
  if (!wait || Math.round(wait.change) === 0) return null;
  const slower = wait.change > 0;
  const head = `${label} is ${ms(wait.change)} ${slower ? "slower" : "faster"} at ${percentile} than ${previousLabel}`;
  const noise = wait.significant ? "" : " (within noise)";
  let best: { part: StagePart; change: number } | null = null;
  for (const part of STAGE_PARTS) {
    const s = shifts[part];
    if (!s) continue;
    const change = slower ? s.change : -s.change;
    if (change > 0 && (!best || change > best.change)) best = { part, change };
  }
  if (!best || Math.round(best.change) === 0) return `${head}${noise}; no single stage moved in that direction.`;
  return `${head}${noise}; ${STAGE_PART_LABELS[best.part]} accounts for ${ms(best.change)} of it.`;
}
