// PUT and GET /api/v1/calls/{callId}/recording - the call's audio, streamed
// both ways, never held whole in memory.
import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { auditRequest } from "@/lib/audit/audit-request";
import { refuseOtherAgent } from "@/lib/auth/agent-scope";
import { type Principal, writeOnly } from "@/lib/auth/authenticate";
import { authorized } from "@/lib/auth/authorized";
import { db, pool } from "@/lib/db/client";
import { privacy } from "@/lib/privacy/privacy-settings";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/errors";
import { bodyTooLarge, declaresOver } from "@/lib/http/read-body";
import { validPathId } from "@/lib/http/validation";
import { parseRange } from "./byte-range";
import { recordingStorage } from "./recording-storage";
import { audioType, storeRecording } from "./store-recording";
import { StorageError } from "./s3-storage";
import { TooLargeError } from "./storage";

/** An admin, by key or session: the only principal that may replace a stored recording. */
const isAdmin = (principal: Principal) => principal.role === "admin";

export const putRecording = authorized("ingest", async ({ request, principal, param: callId }) => {
  if (!validPathId(callId)) return jsonError(400, "bad_request", "The call id must be 1 to 256 printable characters.");
  const contentType = audioType(request.headers.get("content-type"));
  if (!contentType) {
    return jsonError(415, "unsupported_media_type", "Send the audio as audio/wav, audio/mpeg, audio/ogg or audio/webm.");
  }
  const replace = new URL(request.url).searchParams.get("replace") === "true";
  if (replace && !isAdmin(principal)) return jsonError(403, "forbidden", "Only an admin key may replace a call's recording (?replace=true).");
  const limit = { bytes: env().RECORDING_MAX_BYTES, name: "RECORDING_MAX_BYTES" };
  if (declaresOver(request, limit)) return bodyTooLarge(limit);
  if (!request.body) return jsonError(400, "bad_request", "The body is empty.");
  const refused = await refuseOtherAgent(principal, { callId });
  if (refused) return refused;

  let stored;
  try {
    stored = await storeRecording(db(), recordingStorage(), {
      callId,
      contentType,
      body: Readable.fromWeb(request.body as NodeReadableStream),
      limit: limit.bytes,
      source: "upload",
      dropIfRedacted: (await privacy(pool())).redactAudio === "drop",
      replace,
    });
  } catch (error) {
    if (error instanceof TooLargeError) return bodyTooLarge(limit);
    if (error instanceof StorageError)
      return jsonError(503, "unavailable", `The recording could not be stored: ${error.message}. Nothing was kept.`, undefined, { "Retry-After": "30" });
    throw error;
  }
  if ("empty" in stored) return jsonError(400, "bad_request", "The body is empty.");
  if ("exists" in stored) {
    return jsonError(409, "conflict", "This call already has a recording. An admin key may replace it with ?replace=true; nothing was stored.");
  }
  // Says nothing of the call's content: only that this recording is not kept.
  if ("dropped" in stored) return jsonError(409, "conflict", "A recording cannot be stored for this call; nothing was kept.");
  if (stored.replaced) {
    await auditRequest(
      { request, principal },
      { action: "recording.replaced", targetType: "call", targetId: callId, details: { bytes: stored.bytes, sha256: stored.sha256 } },
    );
  }
  if (writeOnly(principal)) return Response.json({ id: callId, status: "stored" }, { status: 201 });
  return Response.json(
    { call_id: callId, bytes: stored.bytes, sha256: stored.sha256, content_type: contentType, duration_s: stored.durationS, replaced: stored.replaced },
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
    // Only audio types are served as themselves; anything else stored by an earlier version is served as bytes.
    "content-type": audioType(recording.contentType) ?? "application/octet-stream",
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
