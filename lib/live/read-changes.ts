// Reading stored changes, for the live stream: the rows of announced id
// ranges, and those after a client's Last-Event-ID. The agent is the call's
// as stored now (a call's first row is often written before its agent is known).
import type { Pool } from "pg";
import type { ChangeJson } from "./change-json";

/** How long changes are kept for clients that reconnect: at least ten minutes. */
export const KEEP_CHANGES_MINUTES = 15;

const SELECT = `select ch.id::text, ch.kind, ch.call_id, coalesce(c.agent_id, ch.agent_id) as agent_id, ch.monitor_id, ch.created_at
  from changes ch left join calls c on c.id = ch.call_id`;

const toJson = (row: {
  id: string;
  kind: ChangeJson["kind"];
  call_id: string | null;
  agent_id: string | null;
  monitor_id: string | null;
  created_at: Date;
}) => ({
  id: row.id,
  kind: row.kind,
  call_id: row.call_id,
  agent_id: row.agent_id,
  monitor_id: row.monitor_id,
  at: row.created_at.toISOString(),
});

/** The committed changes with ids from `first` to `last`, in id order. */
export async function changesBetween(db: Pool, first: bigint, last: bigint): Promise<ChangeJson[]> {
  const { rows } = await db.query(`${SELECT} where ch.id between $1 and $2 order by ch.id`, [String(first), String(last)]);
  return rows.map(toJson);
}

/** Up to `limit` changes after `after`; `expired` when rows after it were already pruned. */
export async function changesAfter(db: Pool, after: bigint, limit: number): Promise<{ changes: ChangeJson[]; expired: boolean }> {
  const [{ rows }, oldest] = await Promise.all([
    db.query(`${SELECT} where ch.id > $1 order by ch.id limit $2`, [String(after), limit]),
    db.query("select min(id)::text as id from changes"),
  ]);
  const min = oldest.rows[0]?.id ? BigInt(oldest.rows[0].id) : null;
  // Ids have gaps (a rolled-back writer leaves one), so "expired" is only when nothing at or before `after` is left and more is gone.
  const expired = min !== null && min > after + 1n && !(await db.query("select 1 from changes where id <= $1 limit 1", [String(after)])).rowCount;
  return { changes: rows.map(toJson), expired };
}

/** The last change's id, or 0. */
export async function lastChangeId(db: Pool): Promise<bigint> {
  const { rows } = await db.query("select coalesce(max(id), 0)::text as id from changes");
  return BigInt(rows[0].id);
}

export async function pruneChanges(db: Pool, minutes = KEEP_CHANGES_MINUTES): Promise<number> {
  const { rowCount } = await db.query("delete from changes where created_at < now() - $1 * interval '1 minute'", [minutes]);
  return rowCount ?? 0;
}
