// What the caller heard, as figures: response gaps (from the turns'
// timestamps, and heard in the recording when there is one), dead air,
// talk-over, interruptions, talk ratio, the longest monologue and the time to
// the agent's first word. Pure: the turns and the detected speech in, the
// figures out.
import { type Segment, unionOf } from "./detect-speech";

export type ConversationTurn = { role: "user" | "assistant"; startS: number; endS: number | null; wasInterrupted: boolean | null; endReason: string | null };

/** Speech found in the recording: per speaker with two channels; `mixed` only with one. */
export type HeardSpeech = { agent: Segment[]; user: Segment[] } | { mixed: Segment[] };

export type ResponseGap = { turn_index: number; user_turn_index: number; gap_ms: number; heard_gap_ms: number | null };
export type Interval = { start: number; end: number };

export type Conversation = {
  response_gaps: ResponseGap[];
  dead_air: Interval[];
  overlaps: Interval[];
  interruptions: number;
  talk_ratio: number | null;
  longest_monologue_s: number | null;
  time_to_first_word_ms: number | null;
  source: "audio" | "timestamps";
};

export const DEFAULT_DEAD_AIR_MIN_S = 2;

const ms = (s: number) => Math.round(s * 1_000_000) / 1000;
const secs = (s: number) => Math.round(s * 1000) / 1000;
const endOf = (t: ConversationTurn) => Math.max(t.startS, t.endS ?? t.startS);

/**
 * With two channels, the agent's is the one whose speech falls most inside
 * the assistant turns rather than the user turns.
 */
export function assignChannels(turns: ConversationTurn[], channels: Segment[][]): HeardSpeech {
  if (channels.length !== 2) return { mixed: unionOf(channels) };
  const score = (segments: Segment[]) =>
    turns.reduce((sum, t) => {
      const inside = segments.reduce((s, g) => s + Math.max(0, Math.min(g.end, endOf(t)) - Math.max(g.start, t.startS)), 0);
      return sum + (t.role === "assistant" ? inside : -inside);
    }, 0);
  return score(channels[0]) >= score(channels[1]) ? { agent: channels[0], user: channels[1] } : { agent: channels[1], user: channels[0] };
}

function heardGap(user: ConversationTurn, assistant: ConversationTurn, speech: HeardSpeech): number | null {
  const latest = Math.max(endOf(assistant), assistant.startS + 5);
  if ("agent" in speech) {
    const onset = speech.agent.find((s) => s.start >= user.startS - 0.05 && s.start <= latest)?.start;
    if (onset === undefined) return null;
    const userEnds = speech.user.filter((s) => s.start < onset && s.end > user.startS - 0.05).map((s) => s.end);
    return userEnds.length ? ms(onset - Math.max(...userEnds)) : null;
  }
  // One channel: the timestamps say whose speech is whose. Voices that overlap cannot be told apart.
  if (assistant.startS < endOf(user)) return null;
  const anchor = endOf(user);
  const containing = speech.mixed.find((s) => s.start <= anchor && s.end >= anchor);
  const before = speech.mixed.filter((s) => s.end <= anchor && s.end >= anchor - 1).at(-1);
  const userEnd = containing?.end ?? before?.end;
  if (userEnd === undefined) return null;
  const onset = speech.mixed.find((s) => s.start > userEnd && s.start <= latest)?.start;
  return onset === undefined ? null : ms(onset - userEnd);
}

/** Intervals of at least `minS` inside [from, to] that no segment covers. */
function silences(segments: Segment[], from: number, to: number, minS: number): Interval[] {
  const out: Interval[] = [];
  let cursor = from;
  for (const s of [...segments].sort((a, b) => a.start - b.start)) {
    if (s.start - cursor >= minS) out.push({ start: secs(cursor), end: secs(Math.min(s.start, to)) });
    cursor = Math.max(cursor, s.end);
    if (cursor >= to) break;
  }
  if (to - cursor >= minS) out.push({ start: secs(cursor), end: secs(to) });
  return out.filter((i) => i.end - i.start >= minS - 1e-9);
}

export function conversationFigures(turns: ConversationTurn[], speech: HeardSpeech | null, deadAirMinS = DEFAULT_DEAD_AIR_MIN_S): Conversation {
  const assistants = turns.filter((t) => t.role === "assistant");
  const users = turns.filter((t) => t.role === "user");

  const response_gaps: ResponseGap[] = [];
  turns.forEach((t, i) => {
    const previous = turns[i - 1];
    if (t.role !== "assistant" || previous?.role !== "user") return;
    response_gaps.push({
      turn_index: i,
      user_turn_index: i - 1,
      gap_ms: ms(t.startS - endOf(previous)),
      heard_gap_ms: speech ? heardGap(previous, t, speech) : null,
    });
  });

  let dead_air: Interval[] = [];
  if (turns.length) {
    const from = Math.min(...turns.map((t) => t.startS));
    const to = Math.max(...turns.map(endOf));
    const spoken = speech ? ("agent" in speech ? unionOf([speech.agent, speech.user]) : speech.mixed) : turns.map((t) => ({ start: t.startS, end: endOf(t) }));
    dead_air = silences(spoken, from, to, deadAirMinS);
  }

  const overlapping: Interval[] = [];
  for (const u of users) {
    for (const a of assistants) {
      const start = Math.max(u.startS, a.startS);
      const end = Math.min(endOf(u), endOf(a));
      if (end > start) overlapping.push({ start, end });
    }
  }
  const overlaps = unionOf([overlapping]).map((i) => ({ start: secs(i.start), end: secs(i.end) }));

  const interruptions = assistants.filter(
    (a) => a.wasInterrupted === true || a.endReason === "interrupted" || users.some((u) => u.startS > a.startS && u.startS < endOf(a)),
  ).length;

  const spokenS = (ts: ConversationTurn[]) => ts.reduce((s, t) => s + (endOf(t) - t.startS), 0);
  const agentS = spokenS(assistants);
  const userS = spokenS(users);
  const talk_ratio = agentS + userS > 0 ? Math.round((agentS / (agentS + userS)) * 10_000) / 10_000 : null;
  const longest_monologue_s = assistants.length ? secs(Math.max(...assistants.map((a) => endOf(a) - a.startS))) : null;

  let time_to_first_word_ms: number | null = null;
  const first = assistants[0];
  if (first) {
    time_to_first_word_ms = ms(first.startS);
    if (speech) {
      const candidates = "agent" in speech ? speech.agent : speech.mixed;
      const onset = candidates.find((s) => s.start >= first.startS - 1 && s.start <= Math.max(endOf(first), first.startS + 5));
      if (onset) time_to_first_word_ms = ms(onset.start);
    }
  }

  return { response_gaps, dead_air, overlaps, interruptions, talk_ratio, longest_monologue_s, time_to_first_word_ms, source: speech ? "audio" : "timestamps" };
}
