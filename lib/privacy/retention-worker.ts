// The retention job of each instance: one recurring job ("retention") that
// every instance tries to claim, so a run happens once across instances. A
// run that leaves work (a deadline of five minutes per run) comes back in a
// minute; otherwise after RETENTION_INTERVAL_S (a day).
import type { Pool } from "pg";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { RETENTION_JOB } from "@/lib/jobs/job-kinds";
import { ensureRecurringJob, type Loop, runRecurringJob } from "@/lib/jobs/worker";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import { runRetention } from "./retention";

/** Asks for a run now (Settings → Privacy's button). */
export async function runRetentionSoon(db: Pool) {
  await ensureRecurringJob(db, RETENTION_JOB);
  await db.query("update jobs set run_at = now(), updated_at = now() where key = $1 and status = 'queued'", [RETENTION_JOB]);
}

export async function runRetentionJob(db: Pool, intervalS: number): Promise<boolean> {
  return runRecurringJob(db, RETENTION_JOB, Math.min(300, intervalS), async () => {
    try {
      const result = await runRetention(db, recordingStorage());
      return result.more ? Math.min(60, intervalS) : intervalS;
    } catch (error) {
      await db
        .query("update retention_runs set error = $1 where finished_at is null and error is null", [(error as Error).message.slice(0, 2000)])
        .catch(() => {});
      throw error;
    }
  });
}

export const retentionLoop: Loop = {
  name: "retention",
  get everyMs() {
    return Math.min(5_000, env().RETENTION_INTERVAL_S * 250);
  },
  prepare: () => ensureRecurringJob(pool(), RETENTION_JOB),
  tick: () => runRetentionJob(pool(), env().RETENTION_INTERVAL_S),
};
