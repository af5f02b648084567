// Redaction's speed per recogniser, in MB/s, on 100 KB and 1 MB of each
// recogniser's adversarial inputs and of ordinary transcript text. Linear
// recognisers read 1 MB in about ten times the time of 100 KB: the ratio is
// printed beside its goal (under 15). In-process, no server.
import { type RedactionKind, redactText, REDACTION_KINDS } from "@/lib/privacy/redact";
import { ADVERSARIAL, ordinary } from "./redact-texts";
import { round, writeResult } from "./support";

const SIZES = [100 * 1024, 1024 * 1024];

/** CPU time in ms: on a shared machine, wall-clock time of a long run counts the time spent waiting for a core, and of a short one mostly not. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Redacting `text` with one kind, repeated until at least 1 MB has been read: CPU ms per redaction. */
function sampleOnce(text: string, kind: RedactionKind): number {
  const policy = { kinds: [kind], phoneRegion: "US" as const };
  const times = Math.max(1, Math.ceil((1024 * 1024) / text.length));
  const started = cpuMs();
  for (let k = 0; k < times; k++) redactText(text, policy);
  return (cpuMs() - started) / times;
}

/**
 * The least CPU time per redaction of each text, over `rounds` rounds after a
 * warm-up; the texts take turns in every round, so that the machine's other
 * load falls on all of them alike.
 */
export function fastest(texts: readonly string[], kind: RedactionKind, rounds: number): number[] {
  for (const text of texts) sampleOnce(text, kind);
  const best = texts.map(() => Infinity);
  for (let round = 0; round < rounds; round++) texts.forEach((text, i) => (best[i] = Math.min(best[i], sampleOnce(text, kind))));
  return best;
}

/** The baseline: reading every character once, the least any recogniser must do. */
function baselineMbPerS(bytes: number): number {
  const text = ordinary(bytes);
  let best = Infinity;
  let sum = 0;
  for (let round = 0; round < 5; round++) {
    const started = cpuMs();
    for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
    best = Math.min(best, cpuMs() - started);
  }
  return sum >= 0 ? round(bytes / 1024 / 1024 / (Math.max(best, 0.001) / 1000)) : 0;
}

export async function runRedact() {
  console.log(`baseline: reading every character of ordinary text, 100 KB ${baselineMbPerS(SIZES[0])} MB/s, 1 MB ${baselineMbPerS(SIZES[1])} MB/s`);
  const rows: { kind: RedactionKind; input: string; mbPerS: number[]; ratio: number }[] = [];
  for (const kind of REDACTION_KINDS) {
    const inputs = { ...ADVERSARIAL[kind], "ordinary text": ordinary };
    for (const [input, make] of Object.entries(inputs)) {
      const ms = fastest(
        SIZES.map((bytes) => make(bytes)),
        kind,
        5,
      );
      const row = { kind, input, mbPerS: SIZES.map((bytes, i) => round(bytes / 1024 / 1024 / (ms[i] / 1000))), ratio: round(ms[1] / ms[0], 2) };
      rows.push(row);
      console.log(
        `${kind.padEnd(6)} ${input.padEnd(28)} 100 KB ${String(row.mbPerS[0]).padStart(7)} MB/s   1 MB ${String(row.mbPerS[1]).padStart(7)} MB/s   1 MB / 100 KB time ×${row.ratio} (goal under 15)`,
      );
    }
  }
  writeResult("redact", { rows });
}
