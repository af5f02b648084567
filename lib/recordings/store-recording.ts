// Stores a call's recording: the bytes through the storage interface, the
// facts in `recordings`, and the call marked as having one. Used by uploads
// and by the Cartesia sync alike.
import type { Readable } from "node:stream";
import type { Client as PrismaClient } from "@/lib/db/types";
import { REMEASURE_SQL } from "@/lib/jobs/job-kinds";
import { type RecordingStorage, recordingKey } from "./storage";
import { wavDuration } from "./wav-duration";
import { hasCounts, type RedactionCounts } from "@/lib/privacy/redact";

export const RECORDING_EXTENSIONS: Record<string, string> = {
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/vnd.wave": "wav",
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3",
  "audio/ogg": "ogg",
  "audio/webm": "webm",
};

export type StoredRecording =
  { bytes: number; sha256: string; durationS: number | null; replaced: boolean } | { empty: true } | { dropped: true } | { exists: true };

/** An audio type Callscope stores and serves, or null: uploads and Cartesia's answers alike are held to this list. */
export function audioType(contentType: string | null | undefined): string | null {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  return RECORDING_EXTENSIONS[type] ? type : null;
}

/** Thrown inside the transaction when the call turned out to have had something redacted. */
class Dropped extends Error {}
/** The body held no bytes. */
class Empty extends Error {}
/** Thrown inside the transaction when the call has a recording and replacing it was not asked for. */
class Exists extends Error {}

export async function storeRecording(
  db: PrismaClient,
  storage: RecordingStorage,
  options: {
    callId: string;
    contentType: string;
    body: Readable;
    limit: number;
    source: string;
    dropIfRedacted?: boolean;
    /** false: a call that has a recording keeps it, and this one is refused ({ exists: true }) */
    replace?: boolean;
  },
): Promise<StoredRecording> {
  const drops = async (client: Pick<PrismaClient, "call">) => {
    if (!options.dropIfRedacted) return false;
    const call = await client.call.findUnique({ where: { id: options.callId }, select: { redactions: true } });
    return call?.redactions !== null && call?.redactions !== undefined && hasCounts(call.redactions as RedactionCounts);
  };
  if (await drops(db)) {
    await db.call.update({ where: { id: options.callId }, data: { recordingStatus: "dropped" } });
    return { dropped: true };
  }
  const replace = options.replace ?? true;
  if (!replace && (await db.recording.findUnique({ where: { callId: options.callId }, select: { callId: true } }))) return { exists: true };
  const extension = RECORDING_EXTENSIONS[options.contentType] ?? "bin";
  // Each upload is stored under a key of its own; the stored recording, if
  // any, stays untouched until the database points at the new one.
  const key = recordingKey(options.callId, extension);
  const stored = await storage.put(key, options.body, options.limit);
  const { callId } = options;
  let previous: { storageKey: string } | null;
  let durationS: number | null;
  // From here on the object is stored: any way this ends other than a committed row removes it.
  try {
    if (stored.bytes === 0) throw new Empty();
    durationS = extension === "wav" ? wavDuration(stored.head, stored.bytes) : null;
    previous = await db.$transaction(async (tx) => {
      // The call's row lock orders concurrent uploads: each sees the one committed before it.
      await tx.call.upsert({ where: { id: callId }, create: { id: callId, recordingStatus: "stored" }, update: { recordingStatus: "stored" } });
      // Under the call's lock: a redaction recorded while the bytes streamed in drops them still.
      if (await drops(tx)) throw new Dropped();
      const old = await tx.recording.findUnique({ where: { callId }, select: { storageKey: true } });
      if (old && !replace) throw new Exists();
      const data = { storageKey: key, contentType: options.contentType, bytes: BigInt(stored.bytes), durationS, sha256: stored.sha256, source: options.source };
      await tx.recording.upsert({ where: { callId }, create: { callId, ...data }, update: { ...data, createdAt: new Date() } });
      // What the caller heard is measured again, now from the audio.
      await tx.$executeRawUnsafe(REMEASURE_SQL, callId);
      return old;
    });
  } catch (error) {
    await storage.remove(key).catch(() => {});
    if (error instanceof Empty) return { empty: true };
    if (error instanceof Exists) return { exists: true };
    if (!(error instanceof Dropped)) throw error;
    await db.call.update({ where: { id: callId }, data: { recordingStatus: "dropped" } });
    return { dropped: true };
  }
  // Only after the commit: the old bytes are no longer referenced.
  if (previous && previous.storageKey !== key) await storage.remove(previous.storageKey).catch(() => {});
  return { bytes: stored.bytes, sha256: stored.sha256, durationS, replaced: previous !== null };
}
