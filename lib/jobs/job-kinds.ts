// The kinds of durable jobs, and the key of each job, so that the code that
// queues a job and the worker that runs it agree without importing each other.

/** Measuring what the caller heard in one call (lib/conversation). */
export const CONVERSATION_JOB = "conversation";

export const conversationJob = (callId: string) => ({ key: `${CONVERSATION_JOB}:${callId}`, payload: { call_id: callId } });

/** Evaluating every monitor: one recurring job, run again every MONITOR_INTERVAL_S (lib/monitors). */
export const MONITOR_JOB = "monitors";

/** Sending one notification to one channel, retried with backoff (lib/monitors). */
export const NOTIFICATION_JOB = "notification";

/** Deleting what is past its retention period: one recurring job, run again every RETENTION_INTERVAL_S (lib/privacy). */
export const RETENTION_JOB = "retention";

/** Deleting the live stream's old changes: one recurring job, run every minute (lib/live). */
export const LIVE_PRUNE_JOB = "live_prune";
