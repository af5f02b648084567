// WAV headers of awkward shapes: a fmt chunk that crosses the end of the
// bytes kept of the file's start, and one shorter than any WAV format.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { frameEnergies, UnsupportedAudioError } from "@/lib/conversation/frame-energies";
import { wavDuration } from "@/lib/recordings/wav-duration";

const HEAD_BYTES = 64 * 1024;

function chunk(id: string, body: Buffer) {
  const header = Buffer.alloc(8);
  header.write(id, 0, "ascii");
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function fmt(bytes = 16) {
  const body = Buffer.alloc(bytes);
  if (bytes >= 16) {
    body.writeUInt16LE(1, 0); // PCM
    body.writeUInt16LE(1, 2); // mono
    body.writeUInt32LE(8000, 4);
    body.writeUInt32LE(16000, 8); // byte rate
    body.writeUInt16LE(2, 12);
    body.writeUInt16LE(16, 14);
  }
  return chunk("fmt ", body);
}

function wav(chunks: Buffer[]) {
  const body = Buffer.concat([Buffer.from("WAVE", "ascii"), ...chunks]);
  const riff = Buffer.alloc(8);
  riff.write("RIFF", 0, "ascii");
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

describe("WAV headers", () => {
  it("read the duration of a plain file", () => {
    const file = wav([fmt(), chunk("data", Buffer.alloc(32000))]);
    expect(wavDuration(file, file.length)).toBe(2);
  });

  it.each([2, 4, 10, 16, 19])("never read past the kept bytes when the fmt chunk starts %i bytes before their end", (before) => {
    // A padding chunk places the fmt chunk's header `before` bytes before the end of the first 64 KiB.
    const fmtAt = HEAD_BYTES - before;
    const file = wav([chunk("LIST", Buffer.alloc(fmtAt - 12 - 8)), fmt(), chunk("data", Buffer.alloc(16000))]);
    const head = file.subarray(0, HEAD_BYTES);
    expect(() => wavDuration(head, file.length)).not.toThrow();
    expect(wavDuration(head, file.length)).toBeNull();
  });

  it("give no duration for a fmt chunk shorter than 16 bytes", () => {
    const file = wav([fmt(8), chunk("data", Buffer.alloc(1000))]);
    expect(wavDuration(file, file.length)).toBeNull();
  });

  it("refuse a fmt chunk shorter than 16 bytes as unsupported audio, not as a failure to retry", async () => {
    const file = wav([fmt(12), chunk("data", Buffer.alloc(1000))]);
    await expect(frameEnergies(Readable.from([file]))).rejects.toThrow(UnsupportedAudioError);
  });
});
