// Calls by agent and status for /metrics, kept as data arrives: triggers on
// calls append what each statement changed to call_status_counts (see its
// migration), and the scrape sums the rows. Folding replaces the rows of each
// agent and status by their sum, so the table stays about one row per agent
// and status however many calls there are.
import type { Pool } from "pg";

/**
 * Folds the rows of every agent and status that has more than one into one,
 * in one statement. Rows a writer adds meanwhile are not in its snapshot and
 * stay for the next fold; a scrape sees the rows before or after, never
 * between. Returns how many rows it folded.
 */
export async function foldCallCounts(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ folded: number }>(
    `with gone as (
       delete from call_status_counts
       where (agent_id, status) in (select agent_id, status from call_status_counts group by 1, 2 having count(*) > 1)
       returning agent_id, status, n),
     kept as (insert into call_status_counts (agent_id, status, n) select agent_id, status, sum(n) from gone group by 1, 2 having sum(n) <> 0)
     select count(*)::int as folded from gone`,
  );
  return rows[0].folded;
}

/** The calls of each agent ('' for none) in these statuses, as the rows add up (the agents with none left out). */
export async function callCounts(pool: Pool, statuses: readonly string[]): Promise<{ agent_id: string; status: string; n: number }[]> {
  const { rows } = await pool.query<{ agent_id: string; status: string; n: string }>(
    "select agent_id, status, sum(n)::text as n from call_status_counts where status = any($1::text[]) group by 1, 2 having sum(n) <> 0",
    [statuses],
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
