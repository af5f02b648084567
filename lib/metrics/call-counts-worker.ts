// Folding the call counts (call-counts.ts): one recurring job ("call_counts"),
// claimed by one instance at a time like the other recurring jobs, every
// FOLD_EVERY_S seconds. Between folds a scrape sums the rows appended since,
// a few per statement that changed calls.
import type { Pool } from "pg";
import { pool } from "@/lib/db/client";
import { CALL_COUNTS_JOB } from "@/lib/jobs/job-kinds";
import { ensureRecurringJob, type Loop, runRecurringJob } from "@/lib/jobs/worker";
import { foldCallCounts } from "./call-counts";

const FOLD_EVERY_S = 10;

export async function runCallCountsJob(db: Pool): Promise<boolean> {
  return runRecurringJob(db, CALL_COUNTS_JOB, FOLD_EVERY_S, async () => {
    await foldCallCounts(db);
    return FOLD_EVERY_S;
  });
}

export const callCountsLoop: Loop = {
  name: "call counts",
  everyMs: 5000,
  prepare: () => ensureRecurringJob(pool(), CALL_COUNTS_JOB),
  tick: () => runCallCountsJob(pool()),
};
