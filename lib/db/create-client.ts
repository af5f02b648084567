import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export type Database = {
  /** the Prisma client: every query that Prisma can express */
  db: PrismaClient;
  /** the same connections, for the few hand-written statements of the ingest hot path */
  pool: pg.Pool;
  close: () => Promise<void>;
};

export function createDatabase(connectionString: string, max = 10): Database {
  // A connection that cannot be had within 5 s means the database is down: fail fast so clients get a 503.
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its server must not crash the process.
  pool.on("error", () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    db,
    pool,
    close: async () => {
      await db.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}
