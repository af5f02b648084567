import { describe, expect, it } from "vitest";
import type { Shift } from "@/lib/latency/compare-deployments";
import { describeStageShift, type StageShifts } from "@/lib/latency/stage-shifts";
import { stageMetricsFromForm } from "@/lib/conversation/stage-settings-form";

const shift = (change: number, significant = true): Shift => ({ before: 1000, after: 1000 + change, change, low: change - 20, high: change + 20, significant });
const shifts = (parts: Partial<StageShifts>): StageShifts => ({
  stage_wait: null,
  stage_endpointing: null,
  stage_stt: null,
  stage_llm: null,
  stage_tts: null,
  stage_unattributed: null,
  ...parts,
});

describe("the stage that moved most, in words", () => {
  it("names the stage that grew most when the wait grew", () => {
    const s = shifts({ stage_wait: shift(310), stage_llm: shift(40), stage_tts: shift(260), stage_unattributed: shift(10), stage_stt: shift(-30) });
    expect(describeStageShift("v42", "v41", "p95", s)).toBe("v42 is 310 ms slower at p95 than v41; text-to-speech accounts for 260 ms of it.");
  });

  it("names the stage that shrank most when the wait shrank, and says when the change is noise", () => {
    const s = shifts({ stage_wait: shift(-120, false), stage_llm: shift(-100), stage_tts: shift(30) });
    expect(describeStageShift("9b71d3a", "4f2c9e1", "p50", s)).toBe(
      "9b71d3a is 120 ms faster at p50 than 4f2c9e1 (within noise); the LLM accounts for 100 ms of it.",
    );
  });

  it("says so when no stage moved with the wait, and says nothing when the wait did not move", () => {
    expect(describeStageShift("b", "a", "p95", shifts({ stage_wait: shift(90), stage_tts: shift(-10) }))).toBe(
      "b is 90 ms slower at p95 than a; no single stage moved in that direction.",
    );
    expect(describeStageShift("b", "a", "p95", shifts({ stage_wait: shift(0.2), stage_tts: shift(50) }))).toBeNull();
    expect(describeStageShift("b", "a", "p95", shifts({ stage_tts: shift(50) }))).toBeNull();
  });
});

describe("Settings → Latency's form", () => {
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };

  it("reads each stage's names in order, separated by commas or spaces", () => {
    expect(
      stageMetricsFromForm(form({ endpointing: "vad_buffer_ms", stt: "", llm: "llm_ttft_ms, llm_first_chunk_ms", tts: "tts_service_ttfb tts_ttfb" })),
    ).toEqual({
      ok: true,
      value: { endpointing: ["vad_buffer_ms"], stt: [], llm: ["llm_ttft_ms", "llm_first_chunk_ms"], tts: ["tts_service_ttfb", "tts_ttfb"] },
    });
  });

  it("refuses a name it could not match, saying which stage", () => {
    const result = stageMetricsFromForm(form({ endpointing: "", stt: "", llm: "llm/ttft", tts: "" }));
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^llm: /) });
  });
});
