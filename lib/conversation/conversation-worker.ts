// The conversation worker: takes "conversation" jobs (queued when a call
// finishes and when its recording is stored) from the Postgres job queue, so
// that each call is analysed once across instances. At start it also queues
// the finished calls stored before there was any analysis, a batch at a time.
import type { Pool } from "pg";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { CONVERSATION_JOB } from "@/lib/jobs/job-kinds";
import { claim, complete, fail } from "@/lib/jobs/job-queue";
import { ingestBusy } from "@/lib/jobs/ingest-activity";
import type { Loop } from "@/lib/jobs/worker";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import { analyzeCall } from "./analyze-call";
import { stageSettings } from "./stage-settings";

const BACKFILL_BATCH = 500;

/** Queues up to a batch of finished calls that have no figures (or none of their waits' stages) and no job waiting; returns how many. */
export async function queueBackfill(db: Pool, limit = BACKFILL_BATCH): Promise<number> {
  const { rowCount } = await db.query(
    `insert into jobs (kind, key, payload)
     select $1, $1 || ':' || c.id, jsonb_build_object('call_id', c.id)
     from calls c
     where c.status in ('completed', 'failed', 'cancelled') and c.content_deleted_at is null
       -- not measured yet, or measured before the stages of each wait were
       and (not exists (select 1 from call_conversations v where v.call_id = c.id)
            or exists (select 1 from response_gaps g where g.call_id = c.id and g.measured_by is null))
       and not exists (select 1 from jobs j where j.key = $1 || ':' || c.id and j.status <> 'done')
     limit $2
     on conflict (key) do update set status = 'queued', attempts = 0, run_at = now(), last_error = null, updated_at = now()
       where jobs.status = 'done'`,
    [CONVERSATION_JOB, limit],
  );
  return rowCount ?? 0;
}

/** Runs the waiting conversation jobs (until `stop` says so, after a job); returns how many ran. */
export async function runConversationJobs(db: Pool, max = Infinity, stop: () => boolean = () => false): Promise<number> {
  let ran = 0;
  for (let job = await claim(db, [CONVERSATION_JOB]); job; job = ran < max && !stop() ? await claim(db, [CONVERSATION_JOB]) : null) {
    ran++;
    try {
      const { metrics } = await stageSettings(db);
      await analyzeCall(db, recordingStorage(), String(job.payload.call_id), env().DEAD_AIR_MIN_S, metrics);
      await complete(db, job.id);
    } catch (error) {
      await fail(db, job, (error as Error).message);
    }
  }
  return ran;
}

/** Measures finished calls every second, yielding to busy ingest; at start it first queues those stored before measuring existed, a batch a round. */
export const conversationLoop: Loop = (() => {
  let backfilling: boolean | null = null;
  return {
    name: "conversation",
    everyMs: 1000,
    yieldWhile: ingestBusy,
    tick: async (round) => {
      backfilling ??= env().CONVERSATION_BACKFILL === "true";
      if (backfilling) backfilling = (await queueBackfill(pool())) > 0;
      await runConversationJobs(pool(), Infinity, round.yielding);
    },
  };
})();
