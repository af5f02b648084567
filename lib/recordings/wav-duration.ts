// The duration of a WAV file from its header: the data chunk's size over the
// byte rate of the fmt chunk. Null when the header is not a plain RIFF/WAVE,
// when the fmt chunk is shorter than the 16 bytes every WAV format has, or
// when it does not end inside `head` (the first bytes of the file): every
// read stays inside the buffer, so a header of any shape never throws.
export function wavDuration(head: Buffer, totalBytes: number): number | null {
  if (head.length < 12 || head.toString("ascii", 0, 4) !== "RIFF" || head.toString("ascii", 8, 12) !== "WAVE") return null;
  let offset = 12;
  let byteRate: number | null = null;
  while (offset + 8 <= head.length) {
    const id = head.toString("ascii", offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    // The byte rate is bytes 8..11 of the fmt chunk's body, which starts after its 8-byte header.
    if (id === "fmt ") byteRate = size >= 16 && offset + 8 + 12 <= head.length ? head.readUInt32LE(offset + 8 + 8) : null;
    if (id === "data") {
      if (!byteRate) return null;
      // Streams written live often leave the size at 0 or 0xFFFFFFFF: use what arrived.
      const dataBytes = size === 0 || size === 0xffffffff ? totalBytes - offset - 8 : Math.min(size, totalBytes - offset - 8);
      return dataBytes / byteRate;
    }
    offset += 8 + size + (size % 2);
  }
  return null;
}
