// The retention job of each instance: one recurring job ("retention") that
// every instance tries to claim, so a run happens once across instances. A
// run that leaves work (a deadline of five minutes per run) comes back in a
// minute; otherwise after RETENTION_INTERVAL_S (a day).
import type { Pool } from "pg";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { RETENTION_JOB } from "@/lib/jobs/job-kinds";
import { claim, reschedule } from "@/lib/jobs/job-queue";
import { processSingleton } from "@/lib/process-singleton";
import { storageFromEnv } from "@/lib/recordings/storage-from-env";
import { runRetention } from "./retention";

export async function ensureRetentionJob(db: Pool) {
  await db.query("insert into jobs (kind, key, payload) values ($1, $1, '{}') on conflict (key) do nothing", [RETENTION_JOB]);
}

/** Asks for a run now (Settings → Privacy's button). */
export async function runRetentionSoon(db: Pool) {
  await ensureRetentionJob(db);
  await db.query("update jobs set run_at = now(), updated_at = now() where key = $1 and status = 'queued'", [RETENTION_JOB]);
}

export async function runRetentionJob(db: Pool, intervalS: number): Promise<boolean> {
  const job = await claim(db, [RETENTION_JOB]);
  if (!job) return false;
  try {
    const result = await runRetention(db, storageFromEnv());
    await reschedule(db, job.id, result.more ? Math.min(60, intervalS) : intervalS);
  } catch (error) {
    await db
      .query("update retention_runs set error = $1 where finished_at is null and error is null", [(error as Error).message.slice(0, 2000)])
      .catch(() => {});
    await reschedule(db, job.id, Math.min(300, intervalS), (error as Error).message).catch(() => {});
    throw error;
  }
  return true;
}

export function startRetentionWorker() {
  processSingleton("retention-worker", () => {
    const intervalS = env().RETENTION_INTERVAL_S;
    let running = false;
    let ensured = false;
    return setInterval(
      () => {
        if (running) return;
        running = true;
        (async () => {
          if (!ensured) {
            await ensureRetentionJob(pool());
            ensured = true;
          }
          await runRetentionJob(pool(), intervalS);
        })()
          .catch((error) => {
            if (!/connect|terminat|ECONN/i.test(String(error))) console.error(`[callscope] retention: ${(error as Error).message}`);
          })
          .finally(() => (running = false));
      },
      Math.min(5_000, intervalS * 250),
    ).unref();
  });
}
