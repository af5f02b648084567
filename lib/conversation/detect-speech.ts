// Energy-based voice activity detection over 10 ms frame levels: a frame is
// speech when it is well above the recording's own noise floor; pauses
// shorter than a breath inside speech are bridged, and blips too short to be
// a syllable are dropped.

export type Segment = { start: number; end: number };

/** Pauses shorter than this inside speech are part of it. */
const BRIDGE_S = 0.15;
/** Sounds shorter than this are not speech. */
const MIN_SPEECH_S = 0.04;

function percentile(sorted: Float32Array, p: number) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))];
}

/** The speech of one channel, as intervals in seconds. */
export function detectSpeech(levels: Float32Array, frameS: number): Segment[] {
  if (!levels.length) return [];
  const sorted = Float32Array.from(levels).sort();
  const floor = percentile(sorted, 0.1);
  const peak = percentile(sorted, 0.98);
  // A channel that never rises above its floor (or is all quiet) holds no speech.
  if (peak - floor < 10 || peak < -60) return [];
  const threshold = floor + Math.max(8, 0.3 * (peak - floor));
  const raw: Segment[] = [];
  let start = -1;
  for (let i = 0; i <= levels.length; i++) {
    const speech = i < levels.length && levels[i] > threshold;
    if (speech && start < 0) start = i;
    if (!speech && start >= 0) {
      raw.push({ start: start * frameS, end: i * frameS });
      start = -1;
    }
  }
  const bridged: Segment[] = [];
  for (const s of raw) {
    const last = bridged.at(-1);
    if (last && s.start - last.end < BRIDGE_S) last.end = s.end;
    else bridged.push({ ...s });
  }
  return bridged.filter((s) => s.end - s.start >= MIN_SPEECH_S).map((s) => ({ start: round(s.start), end: round(s.end) }));
}

/** The union of several channels' speech. */
export function unionOf(channels: Segment[][]): Segment[] {
  const all = channels.flat().sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  for (const s of all) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

const round = (s: number) => Math.round(s * 1000) / 1000;
