// Reads a request body as text, refusing it once it passes `limit` bytes
// without holding more than that in memory.

export type BodyResult = { ok: true; text: string; bytes: number } | { ok: false; reason: "too_large" };

export async function readBody(request: Request, limit: number): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, reason: "too_large" };
  if (!request.body) return { ok: true, text: "", bytes: 0 };
  if (Number.isFinite(declared)) {
    // The size is known and within the limit: one native read is cheapest. A body
    // longer than it declared is cut by the HTTP parser, never read past it.
    const buffer = Buffer.from(await request.arrayBuffer());
    return { ok: true, text: buffer.toString("utf8"), bytes: buffer.length };
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
  return { ok: true, text: Buffer.concat(chunks).toString("utf8"), bytes };
}
