// Keeping the changes table small: one recurring job ("live_prune"), claimed
// by one instance at a time like the other recurring jobs, deletes the
// changes older than KEEP_CHANGES_MINUTES every minute.
import type { Pool } from "pg";
import { pool } from "@/lib/db/client";
import { LIVE_PRUNE_JOB } from "@/lib/jobs/job-kinds";
import { claim, reschedule } from "@/lib/jobs/job-queue";
import { processSingleton } from "@/lib/process-singleton";
import { pruneChanges } from "./read-changes";

const EVERY_S = 60;

export async function runPruneJob(db: Pool): Promise<boolean> {
  await db.query("insert into jobs (kind, key, payload) values ($1, $1, '{}') on conflict (key) do nothing", [LIVE_PRUNE_JOB]);
  const job = await claim(db, [LIVE_PRUNE_JOB]);
  if (!job) return false;
  try {
    await pruneChanges(db);
    await reschedule(db, job.id, EVERY_S);
  } catch (error) {
    await reschedule(db, job.id, EVERY_S, (error as Error).message).catch(() => {});
    throw error;
  }
  return true;
}

export function startPruneWorker() {
  processSingleton("live-prune-worker", () => {
    let running = false;
    return setInterval(() => {
      if (running) return;
      running = true;
      runPruneJob(pool())
        .catch((error) => {
          if (!/connect|terminat|ECONN/i.test(String(error))) console.error(`[callscope] live stream prune: ${(error as Error).message}`);
        })
        .finally(() => (running = false));
    }, 15_000).unref();
  });
}
