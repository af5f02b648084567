// The monthly partitions of a call's rows (migration 20261207121000_monthly_partitions):
// turns, tool_calls, call_events, kept_turn_latency and response_gaps are
// partitioned by range of `call_month`, one partition a month, named
// `<table>_yYYYYmMM`. The worker keeps the current month and MONTHS_AHEAD
// more made; retention replaces a past month's partitions of content with
// empty ones. Changing partitions takes strong locks: each try waits at most
// LOCK_TIMEOUT for them and gives up (lockBusy) rather than queue ingest
// behind it, and the caller tries again later.
import type { Pool, PoolClient } from "pg";
import { withTransaction } from "./transaction";

export const MONTHS_AHEAD = 2;
export const LOCK_TIMEOUT = "200ms";

/** A month as stored in call_month ('YYYY-MM-01'); its partition of `table`. */
export const partitionName = (table: string, month: string) => `${table}_y${month.slice(0, 4)}m${month.slice(5, 7)}`;

const nextMonth = (month: string) => {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
};

/** Whether an error is a lock not had within the timeout (or a deadlock given up on): try again later. */
export const lockBusy = (error: unknown) => ["55P03", "40P01"].includes((error as { code?: string })?.code ?? "");

/**
 * Takes the locks a change of partitions needs (callscope_lock_for_partitioning:
 * calls, then a call's tables) in the caller's transaction, waiting at most
 * LOCK_TIMEOUT each time and trying again after a pause in which the writers
 * queued behind go on, without losing the transaction's work so far. Answers
 * whether it got them.
 */
export async function lockForPartitioning(client: PoolClient, attempts = 40): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    await client.query("savepoint partition_locks");
    try {
      await client.query("select callscope_lock_for_partitioning()");
      await client.query("release savepoint partition_locks");
      return true;
    } catch (error) {
      if (!lockBusy(error)) throw error;
      await client.query("rollback to savepoint partition_locks");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}

/** Makes the partitions of the current month and MONTHS_AHEAD more; answers how many it made, or null when their locks were busy. */
export async function ensureMonthPartitions(db: Pool, monthsAhead = MONTHS_AHEAD): Promise<number | null> {
  try {
    return await withTransaction(db, async (client) => {
      await client.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
      const { rows } = await client.query("select callscope_ensure_month_partitions($1) as made", [monthsAhead]);
      return rows[0].made as number;
    });
  } catch (error) {
    if (lockBusy(error)) return null;
    throw error;
  }
}

/** The months before the current one (UTC) that have a partition of turns, oldest first, as 'YYYY-MM-01'. */
export async function pastPartitionMonths(db: Pool | PoolClient): Promise<string[]> {
  const { rows } = await db.query(
    `select m::text as month from (
       select substring(pg_get_expr(c.relpartbound, c.oid) from $$FROM \\('([0-9-]+)'\\)$$)::date as m
       from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'turns'::regclass) p
     where m < (date_trunc('month', now() at time zone 'UTC'))::date order by m`,
  );
  return rows.map((r) => r.month as string);
}

/**
 * Replaces one month's partitions of these tables with empty ones, in the
 * caller's transaction (set its lock_timeout): detached and dropped in the
 * order given (a table referencing another first), made again in reverse, so
 * that a late row of that month still has a partition to go to. A DROP fires
 * no row triggers: what counted the rows (latency rollups) is left as it is.
 */
export async function emptyMonthPartitions(client: PoolClient, tables: readonly string[], month: string) {
  if (!/^\d{4}-\d{2}-01$/.test(month)) throw new Error(`not a month: ${month}`);
  await client.query("select callscope_lock_for_partitioning()");
  for (const table of tables) {
    const name = partitionName(table, month);
    const { rows } = await client.query("select to_regclass($1) is not null as found", [name]);
    if (!rows[0].found) continue;
    await client.query(`alter table ${table} detach partition ${name}`);
    await client.query(`drop table ${name}`);
  }
  for (const table of [...tables].reverse()) {
    await client.query(`create table ${partitionName(table, month)} partition of ${table} for values from ('${month}') to ('${nextMonth(month)}')`);
  }
}
