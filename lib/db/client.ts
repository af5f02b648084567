// The one database handle of the app, created once per process (and kept on
// globalThis in development, where modules reload).
import "server-only";
import { env } from "@/lib/env";
import { createDatabase, type Database } from "./create-client";

const globalForDb = globalThis as unknown as { callscopeDb?: Database };

function database(): Database {
  if (globalForDb.callscopeDb) return globalForDb.callscopeDb;
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  if (!DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: start Callscope with `npm start` (it starts the embedded database) or set DATABASE_URL.");
  }
  globalForDb.callscopeDb = createDatabase(DATABASE_URL, DATABASE_POOL_SIZE);
  return globalForDb.callscopeDb;
}

/** The Prisma client. Created on first use, so that building the app needs no database. */
export function db() {
  return database().db;
}

/** The same connections as db(), for the hand-written statements of the ingest hot path. */
export function pool() {
  return database().pool;
}
