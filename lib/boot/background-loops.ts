// Every loop of background work, in one list: instrumentation.ts starts them
// in each instance (lib/jobs/worker.ts runs them). To add one, write its Loop
// beside the work it does and name it here; a durable job kind also goes in
// lib/jobs/job-kinds.ts.
import { causeLoop } from "@/lib/causes/cause-worker";
import { conversationLoop } from "@/lib/conversation/conversation-worker";
import { pool } from "@/lib/db/client";
import { ensureMonthPartitions } from "@/lib/db/month-partitions";
import { MONTH_PARTITIONS_JOB } from "@/lib/jobs/job-kinds";
import { ensureRecurringJob, type Loop, runRecurringJob } from "@/lib/jobs/worker";
import { rollupLoop } from "@/lib/latency/rollup-worker";
import { pruneLoop } from "@/lib/live/prune-worker";
import { callCountsLoop } from "@/lib/metrics/call-counts-worker";
import { monitorLoop } from "@/lib/monitors/monitor-worker";
import { retentionLoop } from "@/lib/privacy/retention-worker";
import { syncLoop } from "@/lib/sync/sync-worker";

const PARTITIONS_EVERY_S = 3600;
const PARTITIONS_BUSY_S = 60;

/**
 * Keeps the monthly partitions made ahead (lib/db/month-partitions.ts, a base
 * folder, so its loop is here): one recurring job, run once across instances
 * hourly and at each boot; when their locks were busy it runs again in a minute.
 */
export const monthPartitionsLoop: Loop = {
  name: "month partitions",
  everyMs: 15_000,
  prepare: async () => {
    await ensureRecurringJob(pool(), MONTH_PARTITIONS_JOB);
    await pool().query("update jobs set run_at = now(), updated_at = now() where key = $1 and status = 'queued'", [MONTH_PARTITIONS_JOB]);
  },
  tick: () =>
    runRecurringJob(pool(), MONTH_PARTITIONS_JOB, PARTITIONS_BUSY_S, async () =>
      (await ensureMonthPartitions(pool())) === null ? PARTITIONS_BUSY_S : PARTITIONS_EVERY_S,
    ),
};

export const BACKGROUND_LOOPS: readonly Loop[] = [
  rollupLoop,
  conversationLoop,
  causeLoop,
  monitorLoop,
  retentionLoop,
  pruneLoop,
  callCountsLoop,
  syncLoop,
  monthPartitionsLoop,
];
