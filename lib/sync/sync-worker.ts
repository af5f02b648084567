// The background worker of the Cartesia sync: enrichment of finished calls
// (full call, recording, logs) and full syncs started from the console or
// the CLI. Runs inside each app instance when CARTESIA_API_KEY is set.
import { db, pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { ENRICH_CALL_JOB, SYNC_JOB } from "@/lib/jobs/job-kinds";
import { ingestBusy } from "@/lib/jobs/ingest-activity";
import type { Loop } from "@/lib/jobs/worker";
import { callObjectSchema } from "@/lib/cartesia/call-object";
import { claim, complete, fail, isCancelled, type Job, updatePayload } from "@/lib/jobs/job-queue";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import { applyCallObjects } from "@/lib/ingest/apply-call-objects";
import { CartesiaAuthError, CartesiaRequestError, cartesiaClient } from "@/lib/cartesia/api-client";
import { enrichCall, removeRecordings, SyncCancelled, type SyncDeps, syncFromCartesia } from "./sync-from-cartesia";

const KINDS = [ENRICH_CALL_JOB, SYNC_JOB];

function deps(): SyncDeps {
  const e = env();
  return {
    pool: pool(),
    db: db(),
    client: cartesiaClient({ apiKey: e.CARTESIA_API_KEY!, baseUrl: e.CARTESIA_API_URL, version: e.CARTESIA_VERSION }),
    storage: recordingStorage(),
    recordingLimit: e.RECORDING_MAX_BYTES,
    logTimeZone: e.LOG_TIMEZONE,
  };
}

async function run(job: Job) {
  const d = deps();
  if (job.kind === ENRICH_CALL_JOB) {
    const callId = String(job.payload.call_id);
    const raw = await d.client.getCall(callId);
    if (!raw) {
      await db().call.updateMany({ where: { id: callId, recordingStatus: "pending" }, data: { recordingStatus: "unavailable" } });
      return complete(pool(), job.id);
    }
    const call = callObjectSchema.parse(raw);
    await removeRecordings(d, await applyCallObjects(pool(), [call]));
    await enrichCall(d, call);
    return complete(pool(), job.id);
  }
  if (job.kind === SYNC_JOB) {
    const options = job.payload as { agent_id?: string; since?: string; limit?: number };
    let last = 0;
    const progress = await syncFromCartesia(
      d,
      {
        agentId: options.agent_id,
        since: options.since ? new Date(options.since) : undefined,
        limit: options.limit,
        cancelled: () => isCancelled(pool(), job.id),
      },
      async (p) => {
        if (Date.now() - last < 500) return;
        last = Date.now();
        await updatePayload(pool(), job.id, { ...job.payload, progress: p });
      },
    );
    return complete(pool(), job.id, { ...job.payload, progress });
  }
}

/** Runs the enrichment and sync jobs that are due, one after another, every two seconds; only with a Cartesia API key. */
export const syncLoop: Loop = {
  name: "cartesia sync",
  everyMs: 2000,
  // Enrichment follows every finished call, as the other per-call work does: it yields to busy ingest.
  yieldWhile: ingestBusy,
  tick: async (round) => {
    if (!env().CARTESIA_API_KEY) return;
    for (let job = await claim(pool(), KINDS); job; job = round.yielding() ? null : await claim(pool(), KINDS)) {
      try {
        await run(job);
      } catch (error) {
        if (error instanceof SyncCancelled) continue;
        // A refused request (wrong key, a missing parameter) fails at once, with Cartesia's message: retrying cannot help.
        const final = error instanceof CartesiaAuthError || error instanceof CartesiaRequestError;
        const gaveUp = await fail(pool(), job, (error as Error).message, final);
        if (gaveUp && job.kind === ENRICH_CALL_JOB) {
          await db().call.updateMany({ where: { id: String(job.payload.call_id), recordingStatus: "pending" }, data: { recordingStatus: "failed" } });
        }
      }
    }
  },
};
