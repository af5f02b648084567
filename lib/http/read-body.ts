// Reads a request body as text, refusing it once it passes `limit` bytes
// without holding more than that in memory.

export type BodyResult = { ok: true; text: string; bytes: number } | { ok: false; reason: "too_large" };
export type RawBodyResult = { ok: true; data: Uint8Array } | { ok: false; reason: "too_large" };

export async function readBody(request: Request, limit: number): Promise<BodyResult> {
  const body = await readRawBody(request, limit);
  if (!body.ok) return body;
  return { ok: true, text: utf8(body.data), bytes: body.data.byteLength };
}

/** Bytes as text, invalid sequences replaced by U+FFFD. */
export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/** The body's bytes, in memory of their own (never a slice of a shared pool), so that they can be handed to another thread. */
export async function readRawBody(request: Request, limit: number): Promise<RawBodyResult> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, reason: "too_large" };
  if (!request.body) return { ok: true, data: new Uint8Array(0) };
  if (Number.isFinite(declared)) {
    // The size is known and within the limit: one native read is cheapest. A body
    // longer than it declared is cut by the HTTP parser, never read past it.
    return { ok: true, data: new Uint8Array(await request.arrayBuffer()) };
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  const data = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, data };
}
