// PUT and GET /api/v1/calls/{callId}/recording - the call's audio, streamed
// both ways, never held whole in memory.
import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { auditRequest } from "@/lib/audit/audit-request";
import type { Principal } from "@/lib/auth/authenticate";
import { authorized } from "@/lib/http/authorized";
import { db, pool } from "@/lib/db/client";
import { privacy } from "@/lib/privacy/privacy-settings";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/errors";
import { validPathId } from "@/lib/http/validation";
import { parseRange } from "./byte-range";
import { recordingStorage } from "./recording-storage";
import { RECORDING_EXTENSIONS, storeRecording } from "./store-recording";
import { StorageError } from "./s3-storage";
import { TooLargeError } from "./storage";

export const putRecording = authorized("ingest", async ({ request, param: callId }) => {
  if (!validPathId(callId)) return jsonError(400, "bad_request", "The call id must be 1 to 256 printable characters.");
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!RECORDING_EXTENSIONS[contentType]) {
    return jsonError(415, "unsupported_media_type", "Send the audio as audio/wav, audio/mpeg, audio/ogg or audio/webm.");
  }
  const limit = env().RECORDING_MAX_BYTES;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return jsonError(413, "payload_too_large", `The recording is larger than the limit of ${limit} bytes.`);
  if (!request.body) return jsonError(400, "bad_request", "The body is empty.");

  let stored;
  try {
    stored = await storeRecording(db(), recordingStorage(), {
      callId,
      contentType,
      body: Readable.fromWeb(request.body as NodeReadableStream),
      limit,
      source: "upload",
      dropIfRedacted: (await privacy(pool())).redactAudio === "drop",
    });
  } catch (error) {
    if (error instanceof TooLargeError) return jsonError(413, "payload_too_large", `The recording is larger than the limit of ${limit} bytes.`);
    if (error instanceof StorageError)
      return jsonError(503, "unavailable", `The recording could not be stored: ${error.message}. Nothing was kept.`, undefined, { "Retry-After": "30" });
    throw error;
  }
  if ("empty" in stored) return jsonError(400, "bad_request", "The body is empty.");
  if ("dropped" in stored) {
    return jsonError(
      409,
      "conflict",
      "Something was redacted from this call, and recordings of such calls are not stored (CALLSCOPE_REDACT_AUDIO=drop, or Settings → Privacy): audio cannot be redacted.",
    );
  }
  return Response.json(
    { call_id: callId, bytes: stored.bytes, sha256: stored.sha256, content_type: contentType, duration_s: stored.durationS },
    { status: 201 },
  );
});

/** Serves a stored recording; the console's player and download use this too. */
export async function serveRecording(request: Request, callId: string, principal: Principal): Promise<Response> {
  const recording = await db().recording.findUnique({ where: { callId } });
  if (!recording) return jsonError(404, "not_found", "This call has no recording.");
  const storage = recordingStorage();
  let size: number | null;
  try {
    size = await storage.size(recording.storageKey);
  } catch (error) {
    if (error instanceof StorageError)
      return jsonError(503, "unavailable", `The recording storage did not answer: ${error.message}.`, undefined, { "Retry-After": "30" });
    throw error;
  }
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
  // A player asks for many ranges of one recording: a listen is recorded once, at its first byte.
  if (range !== "unsatisfiable" && (!range || range.start === 0)) {
    const download = url.searchParams.get("download") === "1";
    await auditRequest({ request, principal }, { action: download ? "recording.downloaded" : "recording.played", targetType: "call", targetId: callId });
  }
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

export const getRecording = authorized("read", ({ request, principal, param: callId }) => serveRecording(request, callId, principal));
