// A real WAV file for a call, made in code: a voiced tone for each turn
// (lower for the agent, higher for the caller), quiet noise between, so that
// the player has something true to play and seek in.

export type SpokenSpan = { role: string; startS: number; endS: number };

export function synthesizeWav(spans: SpokenSpan[], totalS: number, sampleRate = 8000): Buffer {
  const samples = Math.ceil(totalS * sampleRate);
  const data = Buffer.alloc(samples * 2);
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff - 0.5;
  };
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate;
    let value = noise() * 0.01;
    const span = spans.find((s) => t >= s.startS && t < s.endS);
    if (span) {
      const base = span.role === "assistant" ? 180 : 260;
      const local = t - span.startS;
      // Syllable-like loudness and a slowly moving pitch read as speech on a waveform.
      const envelope = 0.35 + 0.3 * Math.abs(Math.sin(local * Math.PI * 3.1));
      const fade = Math.min(1, local * 20, (span.endS - t) * 20);
      const pitch = base * (1 + 0.08 * Math.sin(local * 2.3));
      value += envelope * fade * (Math.sin(2 * Math.PI * pitch * t) * 0.7 + Math.sin(4 * Math.PI * pitch * t) * 0.3);
    }
    data.writeInt16LE(Math.max(-32767, Math.min(32767, Math.round(value * 32767 * 0.8))), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
