import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { createPool } from "./create-pool";
import { PrismaClient } from "./generated/client";
import { type Client, OMIT } from "./types";

export type Database = {
  /** the Prisma client: auth, API keys, webhook secrets, settings and deployments */
  db: Client;
  /** the same connections, for the hand-written SQL over calls, turns, events and latency (see client.ts) */
  pool: pg.Pool;
  close: () => Promise<void>;
};

export function createDatabase(connectionString: string, max = 10): Database {
  const pool = createPool(connectionString, max);
  const db = new PrismaClient({ adapter: new PrismaPg(pool), omit: OMIT });
  return {
    db,
    pool,
    close: async () => {
      await db.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}
