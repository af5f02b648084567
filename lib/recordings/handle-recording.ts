// PUT and GET /api/v1/calls/{callId}/recording - the call's audio, streamed
// both ways, never held whole in memory.
import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { authenticateApiKey } from "@/lib/auth/authenticate-api-key";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isDatabaseUnavailable, jsonError, unavailable } from "@/lib/http/errors";
import { validPathId } from "@/lib/http/validation";
import { parseRange } from "./byte-range";
import { recordingStorage } from "./recording-storage";
import { recordingKey, TooLargeError } from "./storage";
import { wavDuration } from "./wav-duration";

const EXTENSIONS: Record<string, string> = {
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/vnd.wave": "wav",
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
  "audio/ogg": "ogg",
  "audio/webm": "webm",
};

export async function putRecording(request: Request, callId: string, source = "upload"): Promise<Response> {
  const principal = await authenticateApiKey(request, "ingest");
  if (principal instanceof Response) return principal;
  if (!validPathId(callId)) return jsonError(400, "bad_request", "The call id must be 1 to 256 printable characters.");
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const extension = EXTENSIONS[contentType];
  if (!extension) {
    return jsonError(415, "unsupported_media_type", "Send the audio as audio/wav, audio/mpeg, audio/ogg or audio/webm.");
  }
  const limit = env().RECORDING_MAX_BYTES;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return jsonError(413, "payload_too_large", `The recording is larger than the limit of ${limit} bytes.`);
  if (!request.body) return jsonError(400, "bad_request", "The body is empty.");

  const storage = recordingStorage();
  const key = recordingKey(callId, extension);
  let stored;
  try {
    stored = await storage.put(key, Readable.fromWeb(request.body as NodeReadableStream), limit);
  } catch (error) {
    if (error instanceof TooLargeError) return jsonError(413, "payload_too_large", `The recording is larger than the limit of ${limit} bytes.`);
    throw error;
  }
  if (stored.bytes === 0) {
    await storage.remove(key);
    return jsonError(400, "bad_request", "The body is empty.");
  }
  const durationS = extension === "wav" ? wavDuration(stored.head, stored.bytes) : null;
  try {
    const previous = await db().$transaction(async (tx) => {
      await tx.call.upsert({ where: { id: callId }, create: { id: callId, recordingStatus: "stored" }, update: { recordingStatus: "stored" } });
      const old = await tx.recording.findUnique({ where: { callId }, select: { storageKey: true } });
      const data = { storageKey: key, contentType, bytes: BigInt(stored.bytes), durationS, sha256: stored.sha256, source };
      await tx.recording.upsert({ where: { callId }, create: { callId, ...data }, update: { ...data, createdAt: new Date() } });
      return old;
    });
    if (previous && previous.storageKey !== key) await storage.remove(previous.storageKey);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
  return Response.json({ call_id: callId, bytes: stored.bytes, sha256: stored.sha256, content_type: contentType, duration_s: durationS }, { status: 201 });
}

/** Serves a stored recording; the console's player and download use this too. */
export async function serveRecording(request: Request, callId: string): Promise<Response> {
  const recording = await db().recording.findUnique({ where: { callId } });
  if (!recording) return jsonError(404, "not_found", "This call has no recording.");
  const storage = recordingStorage();
  const size = await storage.size(recording.storageKey);
  if (size === null) return jsonError(404, "not_found", "The recording's file is missing from storage.");
  const url = new URL(request.url);
  const extension = recording.storageKey.split(".").pop();
  const headers = new Headers({
    "content-type": recording.contentType,
    "accept-ranges": "bytes",
    "cache-control": "private, max-age=3600",
    etag: `"${recording.sha256}"`,
  });
  if (url.searchParams.get("download") === "1") {
    const name = `${callId.replace(/[^A-Za-z0-9._-]/g, "_")}.${extension}`;
    headers.set("content-disposition", `attachment; filename="${name}"`);
  }
  const range = parseRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") {
    headers.set("content-range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  // Next.js sends streamed bodies chunked (it drops Content-Length); Content-Range still tells players the size.
  const body = (stream: Readable) => Readable.toWeb(stream) as ReadableStream;
  if (!range) return new Response(body(storage.get(recording.storageKey)), { status: 200, headers });
  headers.set("content-range", `bytes ${range.start}-${range.end}/${size}`);
  return new Response(body(storage.get(recording.storageKey, range)), { status: 206, headers });
}

export async function getRecording(request: Request, callId: string): Promise<Response> {
  const principal = await authenticateApiKey(request, "read");
  if (principal instanceof Response) return principal;
  return serveRecording(request, callId);
}
