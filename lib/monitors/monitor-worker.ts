// The monitor worker of each instance. Monitors are evaluated by one
// recurring job ("monitors"), which every instance tries to claim: SKIP
// LOCKED gives it to one, which runs the round and queues it again
// MONITOR_INTERVAL_S later, so a round runs once across instances however
// many there are. Notifications are jobs of their own, sent by whichever
// instance claims them, and retried with backoff when a send fails.
import type { Pool } from "pg";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { MONITOR_JOB, NOTIFICATION_JOB } from "@/lib/jobs/job-kinds";
import { claim, complete, fail } from "@/lib/jobs/job-queue";
import { ensureRecurringJob, type Loop, runRecurringJob } from "@/lib/jobs/worker";
import { evaluateMonitors } from "./evaluate-monitors";
import type { Channel } from "./monitor-json";
import { channelsOf } from "./monitor-store";
import { deliver, type NotificationBody } from "./notify";

/** Runs the monitor round if it is due and no other instance holds it; returns whether it ran. */
export async function runMonitorRound(db: Pool, intervalS: number): Promise<boolean> {
  return runRecurringJob(db, MONITOR_JOB, intervalS, async () => {
    await evaluateMonitors(db);
    return intervalS;
  });
}

/** Sends the notifications that are due; returns how many attempts were made. */
export async function runNotifications(db: Pool, retryBaseS: number, max = 50): Promise<number> {
  let sent = 0;
  for (let job = await claim(db, [NOTIFICATION_JOB]); job; job = sent < max ? await claim(db, [NOTIFICATION_JOB]) : null) {
    sent++;
    const { monitor_id: monitorId, channel_id: channelId, body } = job.payload as { monitor_id: string; channel_id: string; body: NotificationBody };
    // The channel as it is now: one removed since is not sent to; a changed URL or secret is used.
    const { rows } = await db.query("select channels from monitors where id = $1", [monitorId]);
    const channel: Channel | undefined = rows[0] ? channelsOf(rows[0]).find((c) => c.id === channelId) : undefined;
    if (!channel) {
      await complete(db, job.id, { ...job.payload, skipped: "the monitor or its channel was removed" });
      continue;
    }
    const attempt = await deliver(db, monitorId, channel, body, job.attempts);
    if (attempt.outcome === "sent") await complete(db, job.id);
    else await fail(db, job, attempt.error ?? "failed", attempt.final, retryBaseS);
  }
  return sent;
}

/** The monitor round when it is due, then the notifications, four times an interval (at most every second). */
export const monitorLoop: Loop = {
  name: "monitors",
  get everyMs() {
    return Math.min(1000, (env().MONITOR_INTERVAL_S * 1000) / 4);
  },
  prepare: () => ensureRecurringJob(pool(), MONITOR_JOB),
  tick: async () => {
    await runMonitorRound(pool(), env().MONITOR_INTERVAL_S);
    await runNotifications(pool(), env().NOTIFY_RETRY_BASE_S);
  },
};
