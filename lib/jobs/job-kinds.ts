// The kinds of durable jobs, and the key of each job, so that the code that
// queues a job and the worker that runs it agree without importing each other.
// Every kind is here; the loops that run them are listed in
// lib/boot/background-loops.ts.

/** Measuring what the caller heard in one call (lib/conversation). */
export const CONVERSATION_JOB = "conversation";

export const conversationJob = (callId: string) => ({ key: `${CONVERSATION_JOB}:${callId}`, payload: { call_id: callId } });

/**
 * Queues a call's measurement again after what it reads changed (a recording,
 * a late metric). A measurement running now may have read the call before the
 * change, and a running job is not queued again: then a second one, under a
 * key of its own, runs after it. Parameters: the call's id.
 */
export const REMEASURE_SQL = `insert into jobs (kind, key, payload)
  select '${CONVERSATION_JOB}',
         case when exists (select 1 from jobs where key = '${CONVERSATION_JOB}:' || $1 and status = 'running')
              then '${CONVERSATION_JOB}:' || $1 || ':again' else '${CONVERSATION_JOB}:' || $1 end,
         jsonb_build_object('call_id', $1::text)
  on conflict (key) do update set status = 'queued', attempts = 0, run_at = now(), payload = excluded.payload, last_error = null, updated_at = now()
    where jobs.status in ('done', 'failed', 'cancelled')`;

/** Evaluating every monitor: one recurring job, run again every MONITOR_INTERVAL_S (lib/monitors). */
export const MONITOR_JOB = "monitors";

/** Sending one notification to one channel, retried with backoff (lib/monitors). */
export const NOTIFICATION_JOB = "notification";

/** Deleting what is past its retention period: one recurring job, run again every RETENTION_INTERVAL_S (lib/privacy). */
export const RETENTION_JOB = "retention";

/** Making the monthly partitions of the months ahead: one recurring job, run again every hour (lib/db/month-partitions.ts). */
export const MONTH_PARTITIONS_JOB = "month_partitions";

/** Deleting the live stream's old changes: one recurring job, run every minute (lib/live). */
export const LIVE_PRUNE_JOB = "live_prune";

/** Folding the rows of /metrics's call counts into one per agent and status: one recurring job, every 10 s (lib/metrics). */
export const CALL_COUNTS_JOB = "call_counts";

/** Fetching a finished call's full object, recording and logs from Cartesia's API (lib/sync). */
export const ENRICH_CALL_JOB = "enrich_call";

/** The start of its key: one job per call, `enrich:<call id>`. */
export const ENRICH_CALL_KEY_PREFIX = "enrich:";

/** A full sync from Cartesia's API, started from the console or the CLI (lib/sync). */
export const SYNC_JOB = "sync";
