// Agents with their numbers: calls, failure rate, tts_ttfb percentiles, last call.
import type { Pool } from "pg";
import { CONVERSATION_STATS_COLUMNS, type ConversationStats, conversationStats, conversationStatsSql } from "@/lib/conversation/conversation-stats";

export type AgentRow = {
  id: string;
  name: string | null;
  calls: number;
  failed: number;
  lastCallAt: Date | null;
  ttfbP50: number | null;
  ttfbP95: number | null;
  ttfbP99: number | null;
  conversation: ConversationStats;
};

export async function listAgents(pool: Pool): Promise<AgentRow[]> {
  const { rows } = await pool.query(
    `select a.id, a.name, n.calls, n.failed, n.last_call_at, l.p50, l.p95, l.p99, ${CONVERSATION_STATS_COLUMNS}
     from agents a
     left join lateral (
       select count(*)::int as calls, count(*) filter (where c.status = 'failed')::int as failed, max(c.sort_time) as last_call_at
       from calls c where c.agent_id = a.id) n on true
     left join lateral (
       select percentile_cont(0.5) within group (order by t.tts_ttfb) as p50,
              percentile_cont(0.95) within group (order by t.tts_ttfb) as p95,
              percentile_cont(0.99) within group (order by t.tts_ttfb) as p99
       from calls c join turns t on t.call_id = c.id where c.agent_id = a.id and t.tts_ttfb is not null) l on true
     ${conversationStatsSql("c.agent_id = a.id")}
     order by n.last_call_at desc nulls last, a.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    calls: r.calls,
    failed: r.failed,
    lastCallAt: r.last_call_at,
    ttfbP50: r.p50,
    ttfbP95: r.p95,
    ttfbP99: r.p99,
    conversation: conversationStats(r),
  }));
}

/** Every agent's id and name, for choosing one (no figures). */
export async function agentNames(pool: Pool): Promise<{ id: string; name: string | null }[]> {
  const { rows } = await pool.query("select id, name from agents order by coalesce(name, id), id limit 1000");
  return rows;
}
