import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { createPool } from "./create-pool";
import { PrismaClient } from "./generated/client";

export type Database = {
  /** the Prisma client: every query that Prisma can express */
  db: PrismaClient;
  /** the same connections, for the few hand-written statements of the ingest hot path */
  pool: pg.Pool;
  close: () => Promise<void>;
};

export function createDatabase(connectionString: string, max = 10): Database {
  const pool = createPool(connectionString, max);
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
