import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import { pool } from "@/lib/db/client";
import pkg from "@/package.json";

export type Health = {
  status: "ok" | "degraded" | "down";
  version: string;
  database: { reachable: boolean; error?: string };
  migrations: { applied: number; pending: string[] };
};

function committedMigrations(): string[] {
  try {
    return readdirSync(path.join(process.cwd(), "prisma/migrations"), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

export async function getHealth(): Promise<Health> {
  const committed = committedMigrations();
  try {
    const { rows } = await pool().query(
      "select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null",
    );
    const applied = new Set(rows.map((r) => r.migration_name as string));
    const pending = committed.filter((name) => !applied.has(name));
    return {
      status: pending.length ? "degraded" : "ok",
      version: pkg.version,
      database: { reachable: true },
      migrations: { applied: applied.size, pending },
    };
  } catch (error) {
    return {
      status: "down",
      version: pkg.version,
      database: { reachable: false, error: (error as Error).message },
      migrations: { applied: 0, pending: committed },
    };
  }
}
