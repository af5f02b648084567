// Keeping the changes table small: one recurring job ("live_prune"), claimed
// by one instance at a time like the other recurring jobs, deletes the
// changes older than KEEP_CHANGES_MINUTES every minute.
import type { Pool } from "pg";
import { pool } from "@/lib/db/client";
import { LIVE_PRUNE_JOB } from "@/lib/jobs/job-kinds";
import { ensureRecurringJob, type Loop, runRecurringJob } from "@/lib/jobs/worker";
import { pruneChanges } from "./read-changes";

const EVERY_S = 60;

export async function runPruneJob(db: Pool): Promise<boolean> {
  return runRecurringJob(db, LIVE_PRUNE_JOB, EVERY_S, async () => {
    await pruneChanges(db);
    return EVERY_S;
  });
}

export const pruneLoop: Loop = {
  name: "live stream prune",
  everyMs: 15_000,
  prepare: () => ensureRecurringJob(pool(), LIVE_PRUNE_JOB),
  tick: () => runPruneJob(pool()),
};
