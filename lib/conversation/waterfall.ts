// Where the caller's wait went: for every assistant turn that answers a user
// turn, the wait is split into endpointing, speech-to-text, LLM and
// text-to-speech, and what no stage explains (unattributed: negative when
// stages overlap). The wait is the gap heard in the recording when there is
// one, otherwise the gap between the turns' timestamps. Pure: the turns, the
// logged metrics and the stage mapping in, one waterfall per response gap out.
//
// Where each figure lives, as Cartesia sends it: stt_ttfb on the user turn
// being answered; tts_ttfb and vad_buffer_ms on the assistant turn (vad_buffer_ms
// from the user turn when only that one has it). Metrics logged with
// log_metric belong to the assistant turn they precede. Frames that share a
// `responding_to` (the input event they answer) form one group, and the whole
// group belongs to the first assistant turn that starts at or after the
// group's earliest time, or directly to the turn that carries that input
// event's id as `event_id`.
import { DEFAULT_STAGE_METRICS, type Stage, type StageMetrics } from "@/lib/stage-metrics";

/** A spoken turn, in the order of the conversation figures (user and assistant turns by position). */
export type WaterfallTurn = {
  role: "user" | "assistant";
  startS: number;
  /** seconds */
  sttTtfb: number | null;
  /** seconds */
  ttsTtfb: number | null;
  /** milliseconds */
  vadBufferMs: number | null;
  /** the input event's id, when the turn carries one */
  eventId: string | null;
};

/** A logged metric: a value named *_ms is in milliseconds, any other in seconds (as Cartesia's own *_ttfb are). */
export type WaterfallMetric = { name: string; value: number; atS: number | null; respondingTo: string | null };

export type WaitGap = { turn_index: number; user_turn_index: number; gap_ms: number; heard_gap_ms: number | null };

export type StageValues = { endpointing_ms: number | null; stt_ms: number | null; llm_ms: number | null; tts_ms: number | null };
export type Waterfall = { stages: StageValues; unattributed_ms: number; measured_by: "audio" | "timestamps" };

/** The turn fields that are stage figures: where each lives, and its value in ms. */
const TURN_FIGURES: Record<string, (answer: WaterfallTurn, question: WaterfallTurn) => number | null> = {
  vad_buffer_ms: (a, u) => a.vadBufferMs ?? u.vadBufferMs,
  stt_ttfb: (_a, u) => (u.sttTtfb === null ? null : u.sttTtfb * 1000),
  tts_ttfb: (a) => (a.ttsTtfb === null ? null : a.ttsTtfb * 1000),
};

const usable = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;
const metricMs = (m: WaterfallMetric) => (m.name.endsWith("_ms") ? m.value : m.value * 1000);

/** The index of the first assistant turn at or after `index` in the list, or -1. */
function nextAssistant(turns: WaterfallTurn[], from: number): number {
  for (let i = Math.max(0, from); i < turns.length; i++) if (turns[i].role === "assistant") return i;
  return -1;
}

/** The first assistant turn that starts at or after `atS`, or -1. */
function assistantAtOrAfter(turns: WaterfallTurn[], atS: number): number {
  let best = -1;
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i];
    if (t.role === "assistant" && t.startS >= atS && (best < 0 || t.startS < turns[best].startS)) best = i;
  }
  return best;
}

/** Each metric under the index of the assistant turn it belongs to (metrics that belong to none are left out). */
export function attributeMetrics(turns: WaterfallTurn[], metrics: WaterfallMetric[]): Map<number, WaterfallMetric[]> {
  const byTurn = new Map<number, WaterfallMetric[]>();
  const put = (index: number, m: WaterfallMetric) => {
    if (index < 0) return;
    const list = byTurn.get(index) ?? byTurn.set(index, []).get(index)!;
    list.push(m);
  };
  const groups = new Map<string, WaterfallMetric[]>();
  for (const m of metrics) {
    if (m.respondingTo === null) {
      if (m.atS !== null) put(assistantAtOrAfter(turns, m.atS), m);
    } else (groups.get(m.respondingTo) ?? groups.set(m.respondingTo, []).get(m.respondingTo)!).push(m);
  }
  for (const [id, group] of groups) {
    const named = turns.findIndex((t) => t.eventId === id);
    let index = -1;
    if (named >= 0) index = turns[named].role === "assistant" ? named : nextAssistant(turns, named + 1);
    else {
      const times = group.map((m) => m.atS).filter((t): t is number => t !== null);
      if (times.length) index = assistantAtOrAfter(turns, Math.min(...times));
    }
    for (const m of group) put(index, m);
  }
  // Within a turn, earliest first: the first value of a name is the one the caller waited for.
  for (const list of byTurn.values()) list.sort((a, b) => (a.atS ?? Infinity) - (b.atS ?? Infinity));
  return byTurn;
}

/** The waterfall of each response gap, in the same order. */
export function waterfalls(turns: WaterfallTurn[], gaps: WaitGap[], metrics: WaterfallMetric[], mapping: StageMetrics = DEFAULT_STAGE_METRICS): Waterfall[] {
  const attributed = attributeMetrics(turns, metrics);
  return gaps.map((gap) => {
    const answer = turns[gap.turn_index];
    const question = turns[gap.user_turn_index];
    const logged = attributed.get(gap.turn_index) ?? [];
    const stageMs = (stage: Stage): number | null => {
      if (!answer || !question) return null;
      for (const name of mapping[stage]) {
        const fromTurn = TURN_FIGURES[name]?.(answer, question);
        if (usable(fromTurn)) return fromTurn;
        const m = logged.find((x) => x.name === name && usable(metricMs(x)));
        if (m) return metricMs(m);
      }
      return null;
    };
    const stages: StageValues = { endpointing_ms: stageMs("endpointing"), stt_ms: stageMs("stt"), llm_ms: stageMs("llm"), tts_ms: stageMs("tts") };
    const heard = gap.heard_gap_ms !== null && Number.isFinite(gap.heard_gap_ms);
    const wait = heard ? gap.heard_gap_ms! : gap.gap_ms;
    const explained = Object.values(stages).reduce<number>((s, v) => s + (v ?? 0), 0);
    return { stages, unattributed_ms: wait - explained, measured_by: heard ? "audio" : "timestamps" };
  });
}

/** The measured wait of a waterfall: its stages and unattributed together. */
export function waitOf(w: Waterfall): number {
  return Object.values(w.stages).reduce<number>((s, v) => s + (v ?? 0), 0) + w.unattributed_ms;
}
