// Reads a request body, refusing it once it passes its limit without holding
// more than that in memory: whole (as text or bytes), or chunk by chunk for
// bodies that are handled as a stream. Every refusal is one 413 that names
// the setting behind the limit.
import { jsonError } from "./errors";

/** A body limit and the setting (or rule) it comes from, which the 413 names. */
export type BodyLimit = { bytes: number; name: string };

export type BodyResult = { ok: true; text: string; bytes: number } | { ok: false; reason: "too_large" };
export type RawBodyResult = { ok: true; data: Uint8Array } | { ok: false; reason: "too_large" };

const limitOf = (limit: number | BodyLimit): BodyLimit => (typeof limit === "number" ? { bytes: limit, name: "the body limit" } : limit);

/** The one answer to a body over its limit. */
export function bodyTooLarge(limit: number | BodyLimit): Response {
  const { bytes, name } = limitOf(limit);
  return jsonError(413, "payload_too_large", `The body is larger than ${name} (${bytes} bytes). Nothing was stored.`, { limit: name, bytes });
}

/** Thrown by `bodyChunks` once the body passes its limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: BodyLimit) {
    super(`the body is larger than ${limit.name} (${limit.bytes} bytes)`);
  }
}

export async function readBody(request: Request, limit: number | BodyLimit): Promise<BodyResult> {
  const body = await readRawBody(request, limit);
  if (!body.ok) return body;
  return { ok: true, text: utf8(body.data), bytes: body.data.byteLength };
}

/** Bytes as text, invalid sequences replaced by U+FFFD. */
export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

function declaredLength(request: Request): number {
  return Number(request.headers.get("content-length") ?? NaN);
}

/** The Content-Type without its parameters, in lower case; empty when there is none. */
export function mediaType(request: Request) {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/** Whether the request's Content-Length already says that its body is over the limit: refused before a byte is read. */
export function declaresOver(request: Request, limit: number | BodyLimit): boolean {
  const declared = declaredLength(request);
  return Number.isFinite(declared) && declared > limitOf(limit).bytes;
}

/** The body's bytes, in memory of their own (never a slice of a shared pool), so that they can be handed to another thread. */
export async function readRawBody(request: Request, limit: number | BodyLimit): Promise<RawBodyResult> {
  const declared = declaredLength(request);
  if (Number.isFinite(declared) && declared > limitOf(limit).bytes) return { ok: false, reason: "too_large" };
  if (!request.body) return { ok: true, data: new Uint8Array(0) };
  if (Number.isFinite(declared)) {
    // The size is known and within the limit: one native read is cheapest. A body
    // longer than it declared is cut by the HTTP parser, never read past it.
    return { ok: true, data: new Uint8Array(await request.arrayBuffer()) };
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for await (const chunk of bodyChunks(request, limitOf(limit))) {
      chunks.push(chunk);
      bytes += chunk.byteLength;
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { ok: false, reason: "too_large" };
    throw error;
  }
  const data = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, data };
}

/**
 * The body chunk by chunk, as it arrives, for handlers that store as they
 * read: memory holds one chunk, whatever the body's size. Throws
 * BodyTooLargeError before reading when the declared length is over the
 * limit, and as soon as the bytes read pass it (the rest is not read).
 */
export async function* bodyChunks(request: Request, limit: BodyLimit): AsyncGenerator<Uint8Array> {
  if (declaresOver(request, limit)) throw new BodyTooLargeError(limit);
  if (!request.body) return;
  const reader = request.body.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.byteLength;
      if (bytes > limit.bytes) throw new BodyTooLargeError(limit);
      yield value;
    }
  } finally {
    // Stopped early (over the limit, or by the consumer): the rest is not read.
    await reader.cancel().catch(() => {});
  }
}
