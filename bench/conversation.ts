// What the caller heard, per minute of audio: reading a WAV recording's
// levels, finding the speech and computing the figures, against a baseline
// in the same run that only streams the same file from disk and sums its
// samples (the least any reading of the audio costs).
import { createReadStream, writeFileSync } from "node:fs";
import path from "node:path";
import { assignChannels, type ConversationTurn, conversationFigures } from "@/lib/conversation/conversation-figures";
import { detectSpeech } from "@/lib/conversation/detect-speech";
import { frameEnergies } from "@/lib/conversation/frame-energies";
import { synthesizeWav } from "@/lib/demo/synthesize-wav";
import { round, sample, tempDir, writeResult } from "./support";

/** A one-minute call of alternating turns with pauses between them. */
function minuteOfTurns(): ConversationTurn[] {
  const turns: ConversationTurn[] = [];
  for (let t = 0.5, i = 0; t < 58; i++) {
    const length = 2 + (i % 3);
    turns.push({ role: i % 2 ? "user" : "assistant", startS: t, endS: Math.min(59.5, t + length), wasInterrupted: null, endReason: null });
    t += length + 0.6 + (i % 4) * 0.3;
  }
  return turns;
}

async function sumSamples(file: string) {
  let sum = 0;
  for await (const chunk of createReadStream(file)) {
    const b = chunk as Buffer;
    for (let i = 44; i + 1 < b.length; i += 2) sum += b.readInt16LE(i);
  }
  return sum;
}

export async function runConversation(samples = 10) {
  const dir = tempDir("callscope-conversation-");
  const turns = minuteOfTurns();
  const result: Record<string, unknown> = { samples };
  for (const [name, options] of [
    ["8 kHz mono", { sampleRate: 8000 }],
    ["16 kHz stereo", { sampleRate: 16000, channels: 2 as const }],
    ["44.1 kHz mono", { sampleRate: 44100 }],
  ] as const) {
    const file = path.join(dir, `${name.replace(/\W+/g, "_")}.wav`);
    writeFileSync(
      file,
      synthesizeWav(
        turns.map((t) => ({ role: t.role, startS: t.startS, endS: t.endS! })),
        60,
        options,
      ),
    );
    const analysis = await sample(samples, async () => {
      const energies = await frameEnergies(createReadStream(file));
      const speech = assignChannels(
        turns,
        energies.channels.map((l) => detectSpeech(l, energies.frameS)),
      );
      return conversationFigures(turns, speech);
    });
    const baseline = await sample(samples, () => sumSamples(file));
    const ratio = round(analysis.p50 / baseline.p50, 2);
    result[name] = { analysis_ms_per_minute: analysis, read_and_sum_ms_per_minute: baseline, ratio_p50: ratio };
    console.log(`  ${name}: analysis p50 ${analysis.p50} ms per minute of audio; streaming and summing the samples p50 ${baseline.p50} ms (×${ratio})`);
  }
  console.log(`  written to ${writeResult("conversation", result)}`);
}
