// Durable background work in Postgres: a job survives a restart, is taken by
// one worker at a time (FOR UPDATE SKIP LOCKED, so several instances can
// share the queue), and is retried with backoff when it fails.
import type { Pool, PoolClient } from "pg";

export type Job = { id: string; kind: string; key: string; payload: Record<string, unknown>; attempts: number };

export const MAX_ATTEMPTS = 8;
/** A job whose worker died holding it is taken again after this long. */
const STALE_MS = 10 * 60_000;

/**
 * The statement that queues jobs: one per key, unless one with the same key
 * is waiting or running; a finished (or failed, or cancelled) one is queued
 * again. Parameters: the kind, the keys (text[]) and the payloads (jsonb[]),
 * in key order so that concurrent writers never deadlock. Usable as a CTE.
 */
export function enqueueSql(kind: string, keys: string, payloads: string) {
  return `insert into jobs (kind, key, payload)
     select ${kind}, k, p from unnest(${keys}::text[], ${payloads}::jsonb[]) as j(k, p) order by k
     on conflict (key) do update set status = 'queued', attempts = 0, run_at = now(), payload = excluded.payload, last_error = null, updated_at = now()
       where jobs.status in ('done', 'failed', 'cancelled')`;
}

/** Parameters for enqueueSql: each key once, in order. */
export function enqueueParams(jobs: { key: string; payload: Record<string, unknown> }[]): [string[], string[]] {
  const unique = [...new Map(jobs.map((j) => [j.key, j])).values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return [unique.map((j) => j.key), unique.map((j) => JSON.stringify(j.payload))];
}

/** Adds a job unless one with the same key is waiting or running; returns its id. */
export async function enqueue(db: Pool | PoolClient, kind: string, key: string, payload: Record<string, unknown> = {}) {
  const { rows } = await db.query(`${enqueueSql("$1", "$2", "$3")} returning id::text`, [kind, ...enqueueParams([{ key, payload }])]);
  if (rows[0]) return rows[0].id as string;
  const existing = await db.query("select id::text from jobs where key = $1", [key]);
  return existing.rows[0].id as string;
}

/** Adds one job per key in one statement, as enqueue does each. */
export async function enqueueMany(db: Pool | PoolClient, kind: string, jobs: { key: string; payload: Record<string, unknown> }[]) {
  if (jobs.length) await db.query(enqueueSql("$1", "$2", "$3"), [kind, ...enqueueParams(jobs)]);
}

export async function claim(pool: Pool, kinds: string[]): Promise<Job | null> {
  const { rows } = await pool.query(
    `update jobs set status = 'running', locked_at = now(), attempts = attempts + 1, updated_at = now()
     where id = (
       select id from jobs
       where kind = any($1::text[]) and ((status = 'queued' and run_at <= now()) or (status = 'running' and locked_at < now() - $2 * interval '1 millisecond'))
       order by run_at for update skip locked limit 1)
     returning id::text, kind, key, payload, attempts`,
    [kinds, STALE_MS],
  );
  return rows[0] ?? null;
}

export async function complete(pool: Pool, id: string, payload?: Record<string, unknown>) {
  await pool.query(
    `update jobs set status = 'done', locked_at = null, updated_at = now(), payload = coalesce($2::jsonb, payload), last_error = null
     where id = $1 and status <> 'cancelled'`,
    [id, payload ? JSON.stringify(payload) : null],
  );
}

/** Retries later (30 s, 1 min, 2 min, … up to an hour, from `firstDelayS`), or gives up after MAX_ATTEMPTS or when `final`. */
export async function fail(pool: Pool, job: Job, error: string, final = false, firstDelayS = 30) {
  const giveUp = final || job.attempts >= MAX_ATTEMPTS;
  const delayS = Math.min(3600, firstDelayS * 2 ** (job.attempts - 1));
  await pool.query(
    `update jobs set status = $2, locked_at = null, last_error = $3, run_at = now() + $4 * interval '1 second', updated_at = now()
     where id = $1 and status <> 'cancelled'`,
    [job.id, giveUp ? "failed" : "queued", error.slice(0, 2000), delayS],
  );
  return giveUp;
}

/** Stops a queued or running job: a worker that holds it sees the status and stops at its next step. */
export async function cancelJob(pool: Pool, id: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    "update jobs set status = 'cancelled', locked_at = null, updated_at = now() where id = $1 and status in ('queued', 'running')",
    [id],
  );
  return (rowCount ?? 0) > 0;
}

export async function isCancelled(pool: Pool, id: string): Promise<boolean> {
  const { rows } = await pool.query("select status from jobs where id = $1", [id]);
  return rows[0]?.status === "cancelled";
}

export async function updatePayload(pool: Pool, id: string, payload: Record<string, unknown>) {
  await pool.query("update jobs set payload = $2, updated_at = now() where id = $1", [id, JSON.stringify(payload)]);
}

/** Runs a recurring job again after `delayS`: it stays queued, one row across instances. */
export async function reschedule(pool: Pool, id: string, delayS: number, error: string | null = null) {
  await pool.query(
    `update jobs set status = 'queued', locked_at = null, attempts = 0, last_error = $3, run_at = now() + $2 * interval '1 second', updated_at = now()
     where id = $1 and status = 'running'`,
    [id, delayS, error],
  );
}

export async function getJob(pool: Pool, id: string) {
  const { rows } = await pool.query("select id::text, kind, key, status, payload, attempts, last_error, created_at, updated_at from jobs where id = $1", [id]);
  return rows[0] ?? null;
}
