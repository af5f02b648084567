// What Settings → Privacy shows, read in one place: the stored settings and
// what the environment makes of them, the agents that can be given their
// own, what retention would delete now, its last run and its next one.
import type { Pool } from "pg";
import { agentNames } from "@/lib/agents/list-agents";
import { RETENTION_JOB } from "@/lib/jobs/job-kinds";
import { readStoredPrivacy, withEnv } from "./privacy-settings";
import { lastRetentionRun, retentionPreview } from "./retention";

export async function getPrivacyPage(pool: Pool) {
  const [stored, agents, preview, last, job] = await Promise.all([
    readStoredPrivacy(pool),
    agentNames(pool),
    retentionPreview(pool),
    lastRetentionRun(pool),
    pool.query<{ run_at: Date }>("select run_at from jobs where key = $1", [RETENTION_JOB]),
  ]);
  return { stored, policy: withEnv(stored), agents, preview, last, nextRun: job.rows[0]?.run_at ?? null };
}
