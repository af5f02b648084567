// Events of every call in arrival order, after a known id: what `callscope tail` follows.
import type { Pool } from "pg";

export async function listEventsAfter(pool: Pool, after: string | null, limit = 200) {
  const { rows } = await pool.query(
    `select e.id::text, e.call_id, e.kind, e.name, e.level, e.message, e.value, e.received_at
     from call_events e
     where ($1::bigint is null and e.id > coalesce((select max(id) from call_events), 0) - $2) or e.id > $1::bigint
     order by e.id limit $2`,
    [after, limit],
  );
  return rows;
}
