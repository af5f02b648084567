// The one database handle of the app, created once per process.
//
// Prisma for what is shaped like CRUD: auth (Better Auth's own tables), API
// keys, webhook secrets, settings and deployments. Hand-written SQL through
// pool() for calls, turns, events, latency and everything on the ingest path,
// where the statements are the product and their plans are measured.
import "server-only";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { createDatabase, type Database } from "./create-client";

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
