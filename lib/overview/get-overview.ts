import "server-only";
import { readPool } from "@/lib/db/client";

export type Overview = {
  totalCalls: number;
  calls24h: number;
  calls7d: number;
  failed7d: number;
  ttfbP95_7d: number | null;
};

export async function getOverview(now = new Date()): Promise<Overview> {
  const { rows } = await readPool().query(
    `select
       (select count(*) from calls where status <> 'placeholder')::int as total,
       count(*) filter (where sort_time >= $1::timestamptz - interval '24 hours')::int as calls24h,
       count(*)::int as calls7d,
       count(*) filter (where status = 'failed')::int as failed7d
     from calls where sort_time >= $1::timestamptz - interval '7 days' and status <> 'placeholder'`,
    [now.toISOString()],
  );
  const latency = await readPool().query(
    `select percentile_cont(0.95) within group (order by t.tts_ttfb) as p95
     from turns t join calls c on c.id = t.call_id
     where c.sort_time >= $1::timestamptz - interval '7 days' and t.tts_ttfb is not null`,
    [now.toISOString()],
  );
  const r = rows[0];
  return {
    totalCalls: r.total,
    calls24h: r.calls24h,
    calls7d: r.calls7d,
    failed7d: r.failed7d,
    ttfbP95_7d: latency.rows[0].p95 ?? null,
  };
}

export type SlowTurn = { callId: string; agentId: string | null; startS: number; ttsTtfb: number; text: string | null };

/** The assistant turns slowest to start speaking in the last 7 days. */
export async function slowestTurns(limit = 5, now = new Date()): Promise<SlowTurn[]> {
  const { rows } = await readPool().query(
    `select t.call_id, c.agent_id, t.start_s, t.tts_ttfb, t.text
     from calls c join turns t on t.call_id = c.id
     where c.sort_time >= $1::timestamptz - interval '7 days' and t.tts_ttfb is not null
     order by t.tts_ttfb desc limit $2`,
    [now.toISOString(), limit],
  );
  return rows.map((r) => ({ callId: r.call_id, agentId: r.agent_id, startS: r.start_s, ttsTtfb: r.tts_ttfb, text: r.text }));
}
