// A real WAV file for a call, made in code: a voiced tone for each turn
// (lower for the agent, higher for the caller), quiet noise between, so that
// the player has something true to play and seek in, and the conversation
// analysis something true to measure. Mono, or two channels with the agent
// on the first and the caller on the second, as telephony recordings do.

export type SpokenSpan = { role: string; startS: number; endS: number };

export type WavOptions = {
  sampleRate?: number;
  /** 8 or 16 bits per sample */
  bits?: 8 | 16;
  channels?: 1 | 2;
  /** the background noise's peak amplitude, 0 to 1 */
  noise?: number;
};

export function synthesizeWav(spans: SpokenSpan[], totalS: number, sampleRateOrOptions: number | WavOptions = 8000): Buffer {
  const options = typeof sampleRateOrOptions === "number" ? { sampleRate: sampleRateOrOptions } : sampleRateOrOptions;
  const { sampleRate = 8000, bits = 16, channels = 1, noise: noiseLevel = 0.01 } = options;
  const samples = Math.ceil(totalS * sampleRate);
  const bytes = bits / 8;
  const data = Buffer.alloc(samples * channels * bytes);
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff - 0.5;
  };
  const sorted = [...spans].sort((a, b) => a.startS - b.startS);
  const voice = (span: SpokenSpan, t: number) => {
    const base = span.role === "assistant" ? 180 : 260;
    const local = t - span.startS;
    // Syllable-like loudness and a slowly moving pitch read as speech on a waveform.
    const envelope = 0.35 + 0.3 * Math.abs(Math.sin(local * Math.PI * 3.1));
    const fade = Math.min(1, local * 20, (span.endS - t) * 20);
    // The phase of a pitch of base × (1 + 0.08 sin(2.3 local)): integrated, so that the frequency stays near the
    // voice's however late in the recording (multiplying a moving pitch by t swept it through 0 Hz after ~10 s).
    const phase = 2 * Math.PI * base * (local + (0.08 * (1 - Math.cos(local * 2.3))) / 2.3);
    return envelope * fade * (Math.sin(phase) * 0.7 + Math.sin(2 * phase) * 0.3);
  };
  let first = 0;
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate;
    while (first < sorted.length && sorted[first].endS <= t) first++;
    for (let c = 0; c < channels; c++) {
      let value = noise() * noiseLevel * 2;
      for (let k = first; k < sorted.length && sorted[k].startS <= t; k++) {
        const span = sorted[k];
        if (t >= span.endS) continue;
        if (channels === 2 && (span.role === "assistant" ? 0 : 1) !== c) continue;
        value += voice(span, t);
      }
      const scaled = Math.max(-1, Math.min(1, value * 0.8));
      const at = (i * channels + c) * bytes;
      if (bits === 16) data.writeInt16LE(Math.round(scaled * 32767), at);
      else data[at] = Math.round(128 + scaled * 127);
    }
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * bytes, 28);
  header.writeUInt16LE(channels * bytes, 32);
  header.writeUInt16LE(bits, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
