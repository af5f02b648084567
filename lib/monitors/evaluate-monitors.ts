// One round of monitoring: each monitor that is not paused is measured, its
// figure kept for the chart, and its state moved. A move into firing, or out
// of it, is written to the history and queues one notification per channel
// (a durable job each, so a send that fails is retried and never repeated
// once sent); while the state holds nothing is sent, unless the monitor asks
// to be reminded every so many minutes.
import type { Pool } from "pg";
import { withTransaction } from "@/lib/db/transaction";
import { NOTIFICATION_JOB } from "@/lib/jobs/job-kinds";
import { enqueueMany } from "@/lib/jobs/job-queue";
import { CAUSE_EVENT_METRICS, type Figure, stateFor } from "./monitor-definitions";
import { measure } from "./monitor-metrics";
import { channelsOf, type MonitorRow } from "./monitor-store";
import { notificationBody, type NotificationEvent } from "./notify";

const SAMPLE_DAYS = 7;

/** Evaluates every monitor that is not paused; returns how many were. */
export async function evaluateMonitors(pool: Pool, now = new Date()): Promise<number> {
  const { rows } = await pool.query<{ id: string }>("select id from monitors where not paused order by id");
  for (const { id } of rows) {
    const { rows: found } = await pool.query<MonitorRow>("select * from monitors where id = $1 and not paused", [id]);
    if (!found[0]) continue;
    const m = found[0];
    const figure = await measure(
      pool,
      {
        metric: m.metric,
        agentId: m.agent_id,
        deploymentId: m.deployment_id,
        evaluation: m.evaluation,
        causeId: m.cause_id,
        windowMinutes: m.window_minutes,
      },
      now,
    );
    await record(pool, id, figure, now);
  }
  await pool.query(`delete from monitor_samples where at < $1::timestamptz - interval '${SAMPLE_DAYS} days'`, [now.toISOString()]);
  return rows.length;
}

/** Moves one monitor's state under a row lock, with the settings it has now (an edit made while it was measured counts). */
async function record(pool: Pool, id: string, figure: Figure, now: Date) {
  await withTransaction(pool, async (client) => {
    const { rows } = await client.query<MonitorRow>("select * from monitors where id = $1 and not paused for update", [id]);
    const m = rows[0];
    if (!m) return;
    const next = stateFor({ metric: m.metric, threshold: m.threshold, minValues: m.min_values }, figure);
    await client.query("insert into monitor_samples (monitor_id, at, value, count) values ($1, $2, $3, $4) on conflict do nothing", [
      id,
      now,
      figure.value,
      figure.count,
    ]);
    let event: NotificationEvent | null = null;
    if (next !== m.state) {
      await client.query(
        "insert into monitor_transitions (monitor_id, at, from_state, to_state, value, count, threshold) values ($1, $2, $3, $4, $5, $6, $7)",
        [id, now, m.state, next, figure.value, figure.count, m.threshold],
      );
      if (next === "firing") event = "firing";
      else if (m.state === "firing") event = "resolved";
    } else if (next === "firing" && CAUSE_EVENT_METRICS.includes(m.metric) && figure.value !== null && figure.value > (m.last_value ?? 0)) {
      // Another cause appeared (or regressed) while the monitor fires: that is news of its own.
      event = "firing";
    } else if (
      next === "firing" &&
      m.renotify_minutes &&
      (!m.last_notified_at || now.getTime() - m.last_notified_at.getTime() >= m.renotify_minutes * 60_000)
    ) {
      event = "firing";
    }
    const channels = channelsOf(m);
    const notify = event !== null && channels.length > 0;
    await client.query(
      `update monitors set last_value = $2, last_count = $3, last_evaluated_at = $4, updated_at = now(),
         state = $5, state_since = case when state = $5 then state_since else $4 end,
         last_notified_at = case when $6 then $4 else last_notified_at end
       where id = $1`,
      [id, figure.value, figure.count, now, next, notify],
    );
    if (notify) {
      const body = notificationBody(m, event!, figure.value, now, figure.causes);
      await enqueueMany(
        client,
        NOTIFICATION_JOB,
        channels.map((c) => ({ key: `${NOTIFICATION_JOB}:${id}:${c.id}:${event}:${now.getTime()}`, payload: { monitor_id: id, channel_id: c.id, body } })),
      );
    }
  });
}
