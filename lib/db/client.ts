// The one database handle of the app, created once per process.
//
// Prisma for what is shaped like CRUD: auth (Better Auth's own tables), API
// keys, webhook secrets, settings and deployments. Hand-written SQL through
// pool() for calls, turns, events, latency and everything on the ingest path,
// where the statements are the product and their plans are measured.
// readPool() for what pages, the read API, exports and /metrics read: the read
// replicas of DATABASE_READ_URL when there are any, else the same pool().
import "server-only";
import type pg from "pg";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { createDatabase, type Database } from "./create-client";
import { createReadReplicas } from "./read-replicas";
import { setWrittenLsn, writtenLsn } from "./read-your-writes";
import { routedPool } from "./routed-pool";

function database(): Database {
  return processSingleton("database", () => {
    const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
    if (!DATABASE_URL) {
      throw new Error("DATABASE_URL is not set: start Callscope with `npm start` (it starts the embedded database) or set DATABASE_URL.");
    }
    return createDatabase(DATABASE_URL, DATABASE_POOL_SIZE);
  });
}

/** The Prisma client. Created on first use, so that building the app needs no database. */
export function db() {
  return database().db;
}

/** The same connections as db(), for the hand-written statements of the ingest hot path. */
export function pool() {
  return database().pool;
}

/**
 * For reads that may be a moment old: each query goes to a read replica fit
 * for it, else to the primary. Nothing that writes may use it. Without
 * DATABASE_READ_URL it is pool() itself.
 */
export function readPool(): pg.Pool {
  const { DATABASE_READ_URL, DATABASE_READ_MAX_LAG_S, DATABASE_POOL_SIZE } = env();
  if (DATABASE_READ_URL.length === 0) return pool();
  return processSingleton("read-pool", () => {
    const replicas = createReadReplicas(pool(), DATABASE_READ_URL, { maxLagS: DATABASE_READ_MAX_LAG_S, poolSize: DATABASE_POOL_SIZE, log: console.log });
    return routedPool(pool(), replicas, writtenLsn);
  });
}

/**
 * Called by a console action or API write after it has written: the user's
 * next pages read a replica only once it has replayed this write.
 */
export async function rememberWrite(): Promise<void> {
  const { DATABASE_READ_URL, DATABASE_READ_MAX_LAG_S } = env();
  if (DATABASE_READ_URL.length === 0) return;
  try {
    const { rows } = await pool().query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
    await setWrittenLsn(rows[0].lsn, DATABASE_READ_MAX_LAG_S + 5);
  } catch {
    // The write is done; failing to note it must not fail it. The next pages may be a moment old.
  }
}
