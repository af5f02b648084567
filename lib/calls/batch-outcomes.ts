// A Cartesia batch's calls, counted by status and by end reason.
import type { Pool } from "pg";

export type Outcome = { key: string; n: number };

export async function batchOutcomes(pool: Pool, batchId: string): Promise<{ total: number; byStatus: Outcome[]; byEndReason: Outcome[] }> {
  const { rows } = await pool.query(
    `select status, coalesce(end_reason, '—') as end_reason, count(*)::int as n from calls
     where (extra->>'batch_id') = $1 group by 1, 2`,
    [batchId],
  );
  const sum = (key: "status" | "end_reason") => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r[key], (counts.get(r[key]) ?? 0) + r.n);
    return [...counts].map(([k, n]) => ({ key: k, n })).sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  };
  return { total: rows.reduce((s, r) => s + r.n, 0), byStatus: sum("status"), byEndReason: sum("end_reason") };
}
