import type { Pool } from "pg";

/** The most recent deployments' ids, for filter menus. */
export async function recentDeploymentIds(pool: Pool, limit = 200): Promise<string[]> {
  const { rows } = await pool.query("select id from deployments order by coalesce(created_at, first_seen_at) desc, id limit $1", [limit]);
  return rows.map((r) => r.id);
}
