// The loudness of a WAV recording, 10 ms at a time and per channel, read as
// a stream: a call of any length costs a few kilobytes per minute, never the
// whole file. PCM of 8, 16, 24 or 32 bits and 32-bit float, any rate, any
// number of channels (WAVE_FORMAT_EXTENSIBLE included).
import type { Readable } from "node:stream";

export const FRAME_S = 0.01;

/** Per channel, one level per frame in dBFS (−120 for digital silence). */
export type FrameEnergies = { frameS: number; sampleRate: number; channels: Float32Array[] };

export class UnsupportedAudioError extends Error {}

type Format = { channels: number; sampleRate: number; bits: number; float: boolean };

function readFormat(chunk: Buffer): Format {
  if (chunk.length < 16) throw new UnsupportedAudioError(`the fmt chunk holds ${chunk.length} bytes, fewer than the 16 of any WAV format`);
  let tag = chunk.readUInt16LE(0);
  const channels = chunk.readUInt16LE(2);
  const sampleRate = chunk.readUInt32LE(4);
  const bits = chunk.readUInt16LE(14);
  // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
  if (tag === 0xfffe && chunk.length >= 26) tag = chunk.readUInt16LE(24);
  if (tag !== 1 && tag !== 3) throw new UnsupportedAudioError(`WAV format ${tag} is not PCM`);
  if (tag === 3 && bits !== 32) throw new UnsupportedAudioError("float WAV must be 32-bit");
  if (![8, 16, 24, 32].includes(bits)) throw new UnsupportedAudioError(`${bits}-bit PCM is not supported`);
  if (channels < 1 || channels > 8 || sampleRate < 4000 || sampleRate > 192_000) throw new UnsupportedAudioError("unusual channel count or sample rate");
  return { channels, sampleRate, bits, float: tag === 3 };
}

function sampleReader({ bits, float }: Format): (b: Buffer, at: number) => number {
  if (float) return (b, at) => b.readFloatLE(at);
  if (bits === 8) return (b, at) => (b[at] - 128) / 128;
  if (bits === 16) return (b, at) => b.readInt16LE(at) / 32768;
  if (bits === 24) return (b, at) => b.readIntLE(at, 3) / 8388608;
  return (b, at) => b.readInt32LE(at) / 2147483648;
}

export async function frameEnergies(stream: Readable): Promise<FrameEnergies> {
  let pending: Buffer = Buffer.alloc(0);
  let format: Format | null = null;
  let inData = false;
  let dataLeft = Infinity;
  let read: ((b: Buffer, at: number) => number) | null = null;
  let frameSamples = 0;
  let sums: number[] = [];
  let count = 0;
  const levels: number[][] = [];
  const flushFrame = () => {
    levels.forEach((channel, c) => channel.push(sums[c] > 0 ? Math.max(-120, 10 * Math.log10(sums[c] / count)) : -120));
    sums = sums.map(() => 0);
    count = 0;
  };

  for await (const chunk of stream) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let offset = 0;
    if (!inData) {
      // The header: RIFF/WAVE, then chunks until "data".
      if (offset === 0 && pending.length >= 12 && !format && pending.toString("ascii", 0, 4) !== "RIFF") throw new UnsupportedAudioError("not a WAV file");
      if (pending.length < 12) continue;
      if (pending.toString("ascii", 8, 12) !== "WAVE") throw new UnsupportedAudioError("not a WAV file");
      offset = 12;
      while (!inData && offset + 8 <= pending.length) {
        const id = pending.toString("ascii", offset, offset + 4);
        const size = pending.readUInt32LE(offset + 4);
        if (id === "data") {
          if (!format) throw new UnsupportedAudioError("the data chunk comes before the format");
          inData = true;
          dataLeft = size === 0 || size === 0xffffffff ? Infinity : size;
          offset += 8;
          break;
        }
        if (offset + 8 + size > pending.length) break;
        if (id === "fmt ") format = readFormat(pending.subarray(offset + 8, offset + 8 + size));
        offset += 8 + size + (size % 2);
      }
      if (!inData) {
        if (pending.length > 1 << 20) throw new UnsupportedAudioError("no data chunk in the first megabyte");
        continue; // wait for more header bytes, from the start of the buffer
      }
      read = sampleReader(format!);
      frameSamples = Math.max(1, Math.round(format!.sampleRate * FRAME_S));
      sums = new Array(format!.channels).fill(0);
      for (let c = 0; c < format!.channels; c++) levels.push([]);
    }
    const { channels, bits } = format!;
    const step = (bits / 8) * channels;
    const usable = Math.min(pending.length - offset, dataLeft);
    const end = offset + usable - (usable % step);
    for (let at = offset; at < end; at += step) {
      for (let c = 0; c < channels; c++) {
        const v = read!(pending, at + (c * bits) / 8);
        sums[c] += v * v;
      }
      if (++count === frameSamples) flushFrame();
    }
    dataLeft -= end - offset;
    pending = pending.subarray(end);
    if (dataLeft <= 0) break;
  }
  if (!format) throw new UnsupportedAudioError("not a WAV file");
  if (count > 0) flushFrame();
  return { frameS: FRAME_S, sampleRate: format.sampleRate, channels: levels.map((l) => Float32Array.from(l)) };
}
