// Retention: content older than RETENTION_DAYS (transcripts, events, logs,
// raw deliveries, deployment logs) and recordings older than
// RECORDING_RETENTION_DAYS are deleted, globally or per agent, and audit
// events older than AUDIT_RETENTION_DAYS. The call's record stays as a stub
// with its figures (status, times, duration, turn count, latency, what the
// caller heard), so charts over long ranges keep their calls. Work goes in
// small batches, each its own short transaction that skips rows a writer
// holds: ingest never waits behind it.
import type { Pool } from "pg";
import { deleteCallContentIn } from "@/lib/privacy/delete-call-content";
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

export type RetentionCounts = { calls: number; recordings: number; deliveries: number; deploymentLogs: number; auditEvents: number };

/** Runs until nothing is left past its period or the deadline passes; answers what it deleted and whether work is left. */
export async function runRetention(
  pool: Pool,
  storage: RecordingStorage,
  options: { now?: Date; deadline?: number } = {},
): Promise<RetentionCounts & { more: boolean }> {
  const now = options.now ?? new Date();
  const deadline = options.deadline ?? Date.now() + 5 * 60_000;
  const policy = withEnv(await readStoredPrivacy(pool));
  const counts: RetentionCounts = { calls: 0, recordings: 0, deliveries: 0, deploymentLogs: 0, auditEvents: 0 };
  const { rows } = await pool.query("insert into retention_runs default values returning id::text");
  const runId = rows[0].id as string;
  let more = false;
  const inTime = () => Date.now() < deadline || !(more = true);
  const record = { at: now.toISOString(), by: "retention", reason: "retention" as const };

  for (const scope of retentionScopes(policy, "retentionDays", now)) {
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
  if (Object.values(counts).some((n) => n > 0)) await recordAudit(pool, SYSTEM, { action: "retention.ran", details: counts });
  return { ...counts, more };
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
