// What Settings → Sync shows: the latest full sync and the enrichment jobs waiting or failed.
import type { Pool } from "pg";
import { ENRICH_CALL_JOB, SYNC_JOB } from "@/lib/jobs/job-kinds";

export type SyncJobRow = {
  id: string;
  status: string;
  payload: { progress?: Record<string, number>; agent_id?: string; since?: string; limit?: number };
  last_error: string | null;
  updated_at: Date;
};

export async function getSyncStatus(db: Pool): Promise<{ job: SyncJobRow | undefined; enrichment: { waiting: number; failed: number } }> {
  const [latest, enrichment] = await Promise.all([
    db.query("select id::text, status, payload, last_error, attempts, updated_at from jobs where kind = $1 order by id desc limit 1", [SYNC_JOB]),
    db.query(
      "select count(*) filter (where status in ('queued', 'running'))::int as waiting, count(*) filter (where status = 'failed')::int as failed from jobs where kind = $1",
      [ENRICH_CALL_JOB],
    ),
  ]);
  return { job: latest.rows[0] as SyncJobRow | undefined, enrichment: enrichment.rows[0] as { waiting: number; failed: number } };
}
