// Retention: content older than RETENTION_DAYS (transcripts, events, logs,
// raw deliveries, deployment logs) and recordings older than
// RECORDING_RETENTION_DAYS are deleted, globally or per agent, and audit
// events older than AUDIT_RETENTION_DAYS. The call's record stays as a stub
// with its figures (status, times, duration, turn count, latency, what the
// caller heard), so charts over long ranges keep their calls. Work goes in
// small batches, each its own short transaction that skips rows a writer
// holds: ingest never waits behind it. Before the batches, a past month none
// of whose calls is kept loses its turns, tool calls and events whole: their
// monthly partitions are dropped and made again empty (dropExpiredMonth).
import type { Pool, PoolClient } from "pg";
import { deleteCallContentIn, type DeletedContent, markContentDeletedIn } from "@/lib/privacy/delete-call-content";
import { emptyMonthPartitions, LOCK_TIMEOUT, lockBusy, lockForPartitioning, pastPartitionMonths } from "@/lib/db/month-partitions";
import { withTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import type { RecordingStorage } from "@/lib/recordings/storage";
import { recordAudit, SYSTEM } from "@/lib/audit/audit-log";
import { type Privacy, readStoredPrivacy, withEnv } from "./privacy-settings";

const DAY_MS = 86_400_000;
export const RETENTION_BATCH = 200;

/** One cutoff: calls of these agents (or of every agent but `except`) that started before `before`. */
type Scope = { before: Date; agents?: string[]; except?: string[] };

/** The scopes of content (or recording) retention: one per agent with its own period, one for all others. */
export function retentionScopes(p: Privacy, which: "retentionDays" | "recordingRetentionDays", now: Date): Scope[] {
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const own = Object.entries(p.agents).filter(([, a]) => a[which] !== null);
  const scopes: Scope[] = own.map(([agent, a]) => ({ before: cutoff(a[which]!), agents: [agent] }));
  const global = p[which];
  if (global !== null) scopes.push({ before: cutoff(global), except: own.map(([agent]) => agent) });
  return scopes;
}

const scopeSql = (scope: Scope, first: number) =>
  scope.agents ? `c.agent_id = any($${first}::text[])` : `(c.agent_id is null or not (c.agent_id = any($${first}::text[])))`;
const scopeParams = (scope: Scope) => [scope.before, scope.agents ?? scope.except ?? []];

/** Calls past their period that still have content; calls past their recording period that still have a recording. */
const CONTENT_FROM = (scope: Scope) => `from calls c where c.content_deleted_at is null and c.sort_time < $1 and ${scopeSql(scope, 2)}`;
const RECORDING_FROM = (scope: Scope) => `from recordings r join calls c on c.id = r.call_id where c.sort_time < $1 and ${scopeSql(scope, 2)}`;
const batchOf = (from: string) => `select c.id ${from} order by c.sort_time limit ${RETENTION_BATCH} for update of c skip locked`;

/** The partitions of content a month loses whole, each referencing table before the one it references. */
const CONTENT_PARTITIONS = ["tool_calls", "call_events", "turns"] as const;
/** Calls marked in one statement of a month's drop. */
const MARK_CHUNK = 5000;

/**
 * Whether a month's calls are all past their period: none of them started at
 * or after its scope's cutoff, and none is of an agent no scope covers (read
 * by the calls(call_month, sort_time) index).
 */
async function monthExpired(db: Pool | PoolClient, month: string, scopes: Scope[]): Promise<boolean> {
  if (!scopes.length) return false;
  for (const scope of scopes) {
    const { rows } = await db.query(`select exists (select 1 from calls c where c.call_month = $3 and c.sort_time >= $1 and ${scopeSql(scope, 2)}) as kept`, [
      ...scopeParams(scope),
      month,
    ]);
    if (rows[0].kept) return false;
  }
  if (!scopes.some((s) => s.except)) {
    const covered = scopes.flatMap((s) => s.agents ?? []);
    const { rows } = await db.query(
      "select exists (select 1 from calls c where c.call_month = $2 and (c.agent_id is null or not (c.agent_id = any($1::text[])))) as kept",
      [covered, month],
    );
    if (rows[0].kept) return false;
  }
  return true;
}

/** Whether a month still holds content to delete: a call not yet marked, or rows in its partitions. */
async function monthHoldsContent(db: Pool | PoolClient, month: string): Promise<boolean> {
  const { rows } = await db.query(
    `select exists (select 1 from calls where call_month = $1 and content_deleted_at is null)
       or ${CONTENT_PARTITIONS.map((t) => `exists (select 1 from ${t} where call_month = $1)`).join(" or ")} as holds`,
    [month],
  );
  return rows[0].holds;
}

/**
 * Deletes a whole month's content in one transaction, as deleteCallContentIn
 * does row by row with keepFigures: the turns' latency values are copied to
 * kept_turn_latency, the month's partitions of turns, tool calls and events
 * are dropped and made again empty (a DROP fires no delete trigger, so the
 * latency rollups keep counting the turns, as callscope.keep_rollups has it),
 * and the calls are marked by the same code as the row path. A late row of
 * one of those calls still finds a partition for its month. Kept latency
 * values and response gaps stay in their partitions. The partitions' locks
 * are taken last, at most LOCK_TIMEOUT at a time for up to 40 tries (12 s), the
 * month's marking kept meanwhile: when they stay busy, or
 * a call is now to be kept, nothing is done (null) and the batches below take
 * the month's calls instead. A row stored for one of these calls between the
 * copy of the latency values and the drop goes without its values kept.
 * Answers the calls marked and the recording objects to remove.
 */
async function dropExpiredMonth(pool: Pool, month: string, scopes: Scope[], record: DeletedContent): Promise<{ calls: number; keys: string[] } | null> {
  try {
    return await withTransaction(pool, async (client) => {
      await client.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
      await client.query(
        `insert into kept_turn_latency (call_id, call_month, tts_ttfb, stt_ttfb)
         select t.call_id, t.call_month, t.tts_ttfb, t.stt_ttfb from turns t join calls c on c.id = t.call_id
         where t.call_month = $1 and c.content_deleted_at is null and (t.tts_ttfb is not null or t.stt_ttfb is not null)`,
        [month],
      );
      const { rows } = await client.query("select id from calls where call_month = $1 and content_deleted_at is null order by id for update", [month]);
      const ids = rows.map((r) => r.id as string);
      const keys: string[] = [];
      for (let i = 0; i < ids.length; i += MARK_CHUNK) {
        keys.push(...(await markContentDeletedIn(client, ids.slice(i, i + MARK_CHUNK), record, { keepFigures: true })));
      }
      // Last, so that ingest waits for the partitions' locks for moments only, until the commit: until here
      // the transaction holds only the month's calls, which writers of new calls do not touch. Under those
      // locks no call can change, so the month is checked again: a call may have changed since.
      if (!(await lockForPartitioning(client)) || !(await monthExpired(client, month, scopes))) throw new MonthKept();
      await client.query("select set_config('callscope.keep_rollups', 'on', true)");
      await emptyMonthPartitions(client, CONTENT_PARTITIONS, month);
      return { calls: ids.length, keys };
    });
  } catch (error) {
    if (lockBusy(error) || error instanceof MonthKept) return null;
    throw error;
  }
}

/** A month whose locks never came free, or found to hold a call to keep, once its calls were marked: the transaction is rolled back. */
class MonthKept extends Error {}

export type RetentionCounts = { calls: number; recordings: number; deliveries: number; deploymentLogs: number; auditEvents: number };

/** Runs until nothing is left past its period or the deadline passes; answers what it deleted and whether work is left. */
export async function runRetention(
  pool: Pool,
  storage: RecordingStorage,
  options: { now?: Date; deadline?: number } = {},
): Promise<RetentionCounts & { monthsDropped: number; more: boolean }> {
  const now = options.now ?? new Date();
  const deadline = options.deadline ?? Date.now() + 5 * 60_000;
  const policy = withEnv(await readStoredPrivacy(pool));
  const counts: RetentionCounts = { calls: 0, recordings: 0, deliveries: 0, deploymentLogs: 0, auditEvents: 0 };
  const { rows } = await pool.query("insert into retention_runs default values returning id::text");
  const runId = rows[0].id as string;
  let more = false;
  const inTime = () => Date.now() < deadline || !(more = true);
  const record = { at: now.toISOString(), by: "retention", reason: "retention" as const };

  const contentScopes = retentionScopes(policy, "retentionDays", now);
  let monthsDropped = 0;
  for (const month of contentScopes.length ? await pastPartitionMonths(pool) : []) {
    if (!inTime()) break;
    if (!(await monthExpired(pool, month, contentScopes)) || !(await monthHoldsContent(pool, month))) continue;
    const dropped = await dropExpiredMonth(pool, month, contentScopes, record);
    if (!dropped) continue;
    monthsDropped += 1;
    counts.calls += dropped.calls;
    for (const key of dropped.keys) await storage.remove(key).catch(() => {});
  }
  if (monthsDropped) console.log(`[callscope] retention: dropped the content of ${monthsDropped} month(s) whole`);

  for (const scope of contentScopes) {
    while (inTime()) {
      const keys = await withTransaction(pool, async (client) => {
        const ids = (await client.query(batchOf(CONTENT_FROM(scope)), scopeParams(scope))).rows.map((r) => r.id as string);
        counts.calls += ids.length;
        return ids.length ? deleteCallContentIn(client, ids, record, { keepFigures: true }) : null;
      });
      if (!keys) break;
      for (const key of keys) await storage.remove(key).catch(() => {});
    }
  }
  for (const scope of retentionScopes(policy, "recordingRetentionDays", now)) {
    while (inTime()) {
      const keys = await withTransaction(pool, async (client) => {
        const ids = (await client.query(batchOf(RECORDING_FROM(scope)), scopeParams(scope))).rows.map((r) => r.id as string);
        if (!ids.length) return null;
        const removed = await client.query("delete from recordings where call_id = any($1::text[]) returning storage_key", [ids]);
        await client.query("update calls set recording_status = 'expired' where id = any($1::text[])", [ids]);
        counts.recordings += ids.length;
        return removed.rows.map((r) => r.storage_key as string);
      });
      if (!keys) break;
      for (const key of keys) await storage.remove(key).catch(() => {});
    }
  }
  // Rows of no call: deliveries that named none, deployment logs, and the audit log's own period.
  const contentBefore = policy.retentionDays === null ? null : new Date(now.getTime() - policy.retentionDays * DAY_MS);
  const noCall: { key: keyof RetentionCounts; table: string; older: string; before: Date | null }[] = [
    { key: "deliveries", table: "webhook_deliveries", older: "call_id is null and received_at < $1", before: contentBefore },
    { key: "deploymentLogs", table: "deployment_logs", older: "received_at < $1", before: contentBefore },
    { key: "auditEvents", table: "audit_events", older: "at < $1", before: new Date(now.getTime() - env().AUDIT_RETENTION_DAYS * DAY_MS) },
  ];
  for (const { key, table, older, before } of noCall) {
    if (!before) continue;
    while (inTime()) {
      const { rowCount } = await pool.query(`delete from ${table} where id in (select id from ${table} where ${older} limit 1000)`, [before]);
      counts[key] += rowCount ?? 0;
      if (!rowCount) break;
    }
  }
  // The counts of failed authentications and sign-in attempts hold client addresses: a day of them is plenty.
  await pool.query("delete from auth_failures where at < now() - interval '1 day'");
  await pool.query("delete from rate_limits where window_start < now() - interval '1 day'");
  await pool.query(
    `update retention_runs set finished_at = now(), calls = $2, recordings = $3, deliveries = $4, deployment_logs = $5, audit_events = $6 where id = $1`,
    [runId, counts.calls, counts.recordings, counts.deliveries, counts.deploymentLogs, counts.auditEvents],
  );
  if (Object.values(counts).some((n) => n > 0)) await recordAudit(pool, SYSTEM, { action: "retention.ran", details: { ...counts, monthsDropped } });
  return { ...counts, monthsDropped, more };
}

export type RetentionPreview = { calls: number; recordings: number; capped: boolean };
const PREVIEW_CAP = 100_000;

/** What the next run would delete as things stand (counted up to a cap). */
export async function retentionPreview(pool: Pool, now = new Date()): Promise<RetentionPreview> {
  const policy = withEnv(await readStoredPrivacy(pool));
  const count = async (from: (s: Scope) => string, scopes: Scope[]) => {
    let total = 0;
    for (const scope of scopes) {
      const { rows } = await pool.query(`select count(*)::int as n from (select 1 ${from(scope)} limit ${PREVIEW_CAP}) x`, scopeParams(scope));
      total += rows[0].n as number;
    }
    return total;
  };
  const calls = await count(CONTENT_FROM, retentionScopes(policy, "retentionDays", now));
  const recordings = await count(RECORDING_FROM, retentionScopes(policy, "recordingRetentionDays", now));
  return { calls, recordings, capped: calls >= PREVIEW_CAP || recordings >= PREVIEW_CAP };
}

export type RetentionRun = RetentionCounts & { startedAt: Date; finishedAt: Date | null; error: string | null };

export async function lastRetentionRun(pool: Pool): Promise<RetentionRun | null> {
  const { rows } = await pool.query(
    `select started_at, finished_at, calls, recordings, deliveries, deployment_logs, audit_events, error from retention_runs
     where finished_at is not null or error is not null order by id desc limit 1`,
  );
  const r = rows[0];
  return r
    ? {
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        calls: r.calls,
        recordings: r.recordings,
        deliveries: r.deliveries,
        deploymentLogs: r.deployment_logs,
        auditEvents: r.audit_events,
        error: r.error,
      }
    : null;
}
