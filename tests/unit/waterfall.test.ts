import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conversationFigures } from "@/lib/conversation/conversation-figures";
import { attributeMetrics, waitOf, type WaterfallMetric, type WaterfallTurn, waterfalls } from "@/lib/conversation/waterfall";
import { DEFAULT_STAGE_METRICS, parseStageMetrics } from "@/lib/stage-metrics";

const turn = (role: "user" | "assistant", startS: number, extra: Partial<WaterfallTurn> = {}): WaterfallTurn => ({
  role,
  startS,
  sttTtfb: null,
  ttsTtfb: null,
  vadBufferMs: null,
  eventId: null,
  ...extra,
});
const metric = (name: string, value: number, atS: number | null, respondingTo: string | null = null): WaterfallMetric => ({ name, value, atS, respondingTo });

/** Gaps as the conversation figures find them, from turns one second long. */
function gapsOf(turns: WaterfallTurn[], heard: (i: number) => number | null = () => null) {
  return conversationFigures(
    turns.map((t) => ({ role: t.role, startS: t.startS, endS: t.startS + 1, wasInterrupted: null, endReason: null })),
    null,
  ).response_gaps.map((g, i) => ({ ...g, heard_gap_ms: heard(i) }));
}

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const turns = fc
  .array(
    fc.record({
      role: fc.constantFrom("user" as const, "assistant" as const),
      pause: fc.double({ min: -0.5, max: 3, noNaN: true }),
      sttTtfb: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
      ttsTtfb: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
      vadBufferMs: maybe(fc.double({ min: 0, max: 800, noNaN: true })),
    }),
    { maxLength: 20 },
  )
  .map((rows) => {
    let at = 0;
    return rows.map((r) => {
      at += 1 + r.pause;
      return turn(r.role, Math.max(0, at), { sttTtfb: r.sttTtfb, ttsTtfb: r.ttsTtfb, vadBufferMs: r.vadBufferMs });
    });
  });
const metrics = fc.array(
  fc.record({
    name: fc.constantFrom("llm_first_chunk_ms", "llm_first_text_ms", "agent_turn_ms", "tts_ttfb"),
    value: fc.double({ min: -100, max: 3000, noNaN: true }),
    atS: maybe(fc.double({ min: 0, max: 60, noNaN: true })),
    respondingTo: maybe(fc.constantFrom("ev1", "ev2", "ev3")),
  }),
  { maxLength: 30 },
);

describe("waterfalls", () => {
  it("stages plus unattributed always equal the measured wait; missing stages are null, never zero", () => {
    fc.assert(
      fc.property(turns, metrics, fc.boolean(), (ts, ms, withAudio) => {
        const gaps = gapsOf(ts, (i) => (withAudio ? 300 + i * 17 : null));
        const result = waterfalls(ts, gaps, ms);
        expect(result).toHaveLength(gaps.length);
        result.forEach((w, i) => {
          const wait = withAudio ? gaps[i].heard_gap_ms! : gaps[i].gap_ms;
          expect(w.measured_by).toBe(withAudio ? "audio" : "timestamps");
          expect(Math.abs(waitOf(w) - wait)).toBeLessThan(1e-6);
          const answer = ts[gaps[i].turn_index];
          const question = ts[gaps[i].user_turn_index];
          // tts_ttfb is on the assistant turn (or a logged metric of that name): absent everywhere means null.
          if (answer.ttsTtfb === null && !ms.some((m) => m.name === "tts_ttfb")) expect(w.stages.tts_ms).toBeNull();
          if (question.sttTtfb === null) expect(w.stages.stt_ms).toBeNull();
          else expect(w.stages.stt_ms).toBeCloseTo(question.sttTtfb * 1000, 9);
          if (answer.vadBufferMs === null && question.vadBufferMs === null) expect(w.stages.endpointing_ms).toBeNull();
          if (!ms.some((m) => m.name.startsWith("llm_") && m.value >= 0)) expect(w.stages.llm_ms).toBeNull();
          for (const v of Object.values(w.stages)) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });

  it("gives no waterfall to a turn without a user turn before it", () => {
    fc.assert(
      fc.property(turns, metrics, (ts, ms) => {
        const gaps = gapsOf(ts);
        const answered = new Set(gaps.map((g) => g.turn_index));
        ts.forEach((t, i) => {
          if (t.role === "assistant" && ts[i - 1]?.role !== "user") expect(answered.has(i)).toBe(false);
        });
        expect(waterfalls(ts, gaps, ms)).toHaveLength(gaps.length);
      }),
    );
  });

  it("takes each figure from where Cartesia puts it, and shows overlap as a negative unattributed part", () => {
    const ts = [
      turn("assistant", 0, { ttsTtfb: 0.2 }),
      turn("user", 2, { sttTtfb: 0.12, vadBufferMs: 250 }),
      turn("assistant", 4.4, { ttsTtfb: 0.3 }),
      turn("user", 6),
      turn("assistant", 7.5, { ttsTtfb: 0.5, vadBufferMs: 200 }),
    ];
    const ms = [metric("llm_first_chunk_ms", 700, 4.0), metric("llm_first_text_ms", 650, 4.1), metric("llm_first_text_ms", 400, 7.2)];
    const [first, second] = waterfalls(ts, gapsOf(ts), ms);
    // Gap 1: 4.4 − 3 = 1400 ms; endpointing from the user turn (the assistant has none); LLM: the first configured name present.
    expect(first.stages).toEqual({ endpointing_ms: 250, stt_ms: 120, llm_ms: 700, tts_ms: 300 });
    expect(first.unattributed_ms).toBeCloseTo(30, 9);
    // Gap 2: 7.5 − 7 = 500 ms; the assistant's own vad_buffer_ms; no stt_ttfb; the stages exceed the wait: overlap.
    expect(second.stages).toEqual({ endpointing_ms: 200, stt_ms: null, llm_ms: 400, tts_ms: 500 });
    expect(second.unattributed_ms).toBeCloseTo(-600, 9);
    expect(second.measured_by).toBe("timestamps");
  });

  it("keeps a responding_to group together, under the first assistant turn at or after its earliest frame", () => {
    const ts = [turn("user", 0), turn("assistant", 2), turn("user", 4), turn("assistant", 6)];
    // The group's earliest frame (1.5 s) precedes the turn at 2 s, so the frame logged at 5 s goes with it.
    const ms = [metric("llm_first_chunk_ms", 300, 1.5, "ev1"), metric("agent_turn_ms", 900, 5, "ev1"), metric("llm_first_chunk_ms", 800, 5.5)];
    const byTurn = attributeMetrics(ts, ms);
    expect(byTurn.get(1)?.map((m) => m.name)).toEqual(["llm_first_chunk_ms", "agent_turn_ms"]);
    expect(byTurn.get(3)?.map((m) => m.value)).toEqual([800]);
    const [a, b] = waterfalls(ts, gapsOf(ts), ms);
    expect(a.stages.llm_ms).toBe(300);
    expect(b.stages.llm_ms).toBe(800);
  });

  it("matches a group to the turn carrying the input event's id", () => {
    const ts = [turn("user", 0, { eventId: "ev-u1" }), turn("assistant", 2), turn("user", 4, { eventId: "ev-u2" }), turn("assistant", 6, { eventId: "ev-a2" })];
    // Logged before the first assistant turn, but they answer the second user turn: they go with the turn answering it.
    const ms = [metric("llm_first_chunk_ms", 450, 0.5, "ev-u2"), metric("llm_first_text_ms", 99, 0.2, "ev-a2")];
    const byTurn = attributeMetrics(ts, ms);
    expect(byTurn.get(1)).toBeUndefined();
    expect(byTurn.get(3)?.map((m) => m.value)).toEqual([99, 450]);
  });

  it("places a metric without responding_to on the first assistant turn at or after it, and drops one with no time", () => {
    const ts = [turn("user", 0), turn("assistant", 2), turn("user", 4), turn("assistant", 6)];
    const byTurn = attributeMetrics(ts, [
      metric("llm_first_chunk_ms", 1, 2),
      metric("llm_first_chunk_ms", 2, 2.01),
      metric("llm_first_chunk_ms", 3, null),
      metric("x_ms", 4, 9),
    ]);
    expect(byTurn.get(1)?.map((m) => m.value)).toEqual([1]);
    expect(byTurn.get(3)?.map((m) => m.value)).toEqual([2]);
    expect([...byTurn.values()].flat()).toHaveLength(2);
  });

  it("reads an agent's own names, in seconds unless they end in _ms", () => {
    const mapping = parseStageMetrics("llm = llm_ttft_ms; tts=tts_service_ttfb, tts_ttfb");
    expect(mapping.llm).toEqual(["llm_ttft_ms"]);
    expect(mapping.stt).toEqual(DEFAULT_STAGE_METRICS.stt);
    const ts = [turn("user", 0), turn("assistant", 3, { ttsTtfb: 0.9 })];
    const [w] = waterfalls(ts, gapsOf(ts), [metric("llm_ttft_ms", 420, 2), metric("llm_first_chunk_ms", 1, 2), metric("tts_service_ttfb", 0.25, 2.5)], mapping);
    expect(w.stages).toEqual({ endpointing_ms: null, stt_ms: null, llm_ms: 420, tts_ms: 250 });
    expect(() => parseStageMetrics("speech=stt_ttfb")).toThrow(/not stage=name/);
    expect(() => parseStageMetrics("llm=bad name")).toThrow(/not a metric name/);
  });
});
