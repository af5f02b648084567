// Deployments with their numbers: calls, and tts_ttfb percentiles over their calls' turns.
import type { Pool } from "pg";
import { CONVERSATION_STATS_COLUMNS, type ConversationStats, conversationStats, conversationStatsSql } from "@/lib/conversation/conversation-stats";

export type DeploymentRow = {
  id: string;
  agentId: string | null;
  status: string | null;
  isLive: boolean | null;
  gitCommitHash: string | null;
  createdAt: Date | null;
  firstSeenAt: Date;
  calls: number;
  ttfbP50: number | null;
  ttfbP95: number | null;
  conversation: ConversationStats;
};

const STATS = `
  left join lateral (select count(*)::int as calls from calls c where c.deployment_id = d.id) n on true
  left join lateral (
    select percentile_cont(0.5) within group (order by t.tts_ttfb) as p50,
           percentile_cont(0.95) within group (order by t.tts_ttfb) as p95
    from calls c join turns t on t.call_id = c.id
    where c.deployment_id = d.id and t.tts_ttfb is not null) l on true
  ${conversationStatsSql("c.deployment_id = d.id")}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row as pg returns it
function row(r: Record<string, any>): DeploymentRow {
  return {
    id: r.id,
    agentId: r.agent_id,
    status: r.status,
    isLive: r.is_live,
    gitCommitHash: r.git_commit_hash,
    createdAt: r.created_at,
    firstSeenAt: r.first_seen_at,
    calls: r.calls,
    ttfbP50: r.p50,
    ttfbP95: r.p95,
    conversation: conversationStats(r as Parameters<typeof conversationStats>[0]),
  };
}

export async function listDeployments(pool: Pool, options: { agentId?: string; limit?: number } = {}): Promise<DeploymentRow[]> {
  const params: unknown[] = [options.limit ?? 100];
  const where = options.agentId ? (params.push(options.agentId), "where d.agent_id = $2") : "";
  const { rows } = await pool.query(
    `select d.id, d.agent_id, d.status, d.is_live, d.git_commit_hash, d.created_at, d.first_seen_at, n.calls, l.p50, l.p95, ${CONVERSATION_STATS_COLUMNS}
     from deployments d ${STATS} ${where}
     order by coalesce(d.created_at, d.first_seen_at) desc, d.id desc limit $1`,
    params,
  );
  return rows.map(row);
}

export async function getDeploymentStats(pool: Pool, id: string): Promise<DeploymentRow | null> {
  const { rows } = await pool.query(
    `select d.id, d.agent_id, d.status, d.is_live, d.git_commit_hash, d.created_at, d.first_seen_at, n.calls, l.p50, l.p95, ${CONVERSATION_STATS_COLUMNS}
     from deployments d ${STATS} where d.id = $1`,
    [id],
  );
  return rows[0] ? row(rows[0]) : null;
}
