// GET /api/v1/calls/{id}/bundle: one zip with everything needed to debug a
// call (see get-call-bundle.ts), the recording included unless
// ?recording=false. Members and admins; every bundle is in the audit log.
import "server-only";
import { Readable } from "node:stream";
import { auditRequest } from "@/lib/audit/audit-request";
import { db, readPool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import { StorageError } from "@/lib/recordings/s3-storage";
import { bundleQuerySchema } from "./bundle-query";
import { getCallBundle } from "./get-call-bundle";
import { type BundleRecording, bundleFolder, streamBundle } from "./stream-bundle";

export const getCallBundleApi = authorized("read", bundleQuerySchema, async ({ request, principal, param: id, query }) => {
  const bundle = await getCallBundle(readPool(), db(), id);
  if (!bundle) return jsonError(404, "not_found", `No call with id ${id}.`);
  const storage = recordingStorage();
  let recording: BundleRecording = null;
  let note = "the call has none";
  if (query.recording === "false") note = "left out (recording=false)";
  else if (bundle.call.recording) {
    const stored = await db().recording.findUnique({ where: { callId: id }, select: { storageKey: true } });
    let size: number | null = null;
    try {
      size = stored ? await storage.size(stored.storageKey) : null;
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      return jsonError(503, "unavailable", `The recording storage did not answer: ${error.message}.`, undefined, { "Retry-After": "30" });
    }
    if (stored && size !== null) recording = { key: stored.storageKey, bytes: size, extension: stored.storageKey.split(".").pop() ?? "bin" };
    else note = "its file is missing from storage";
  }
  await auditRequest({ request, principal }, { action: "bundle.downloaded", targetType: "call", targetId: id, details: { recording: recording !== null } });
  return new Response(Readable.toWeb(streamBundle(bundle, storage, recording, note)) as ReadableStream, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${bundleFolder(id)}.zip"`,
      "cache-control": "private, no-store",
    },
  });
});
