import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { forwardedHeadersSeenAt, PROXY_WARNING } from "@/lib/http/client-address.mjs";
import pkg from "@/package.json";
import { readSupervisorStatus, type SupervisorStatus } from "@/lib/db/supervisor-status";

export type Health = {
  status: "ok" | "degraded" | "down";
  version: string;
  database: { reachable: boolean; error?: string };
  migrations: { applied: number; pending: string[] };
  /** the embedded database's supervisor (npm start): restarts after the server died */
  supervisor?: SupervisorStatus;
  proxy: { trusted_proxies: number; forwarded_headers_seen_at: string | null; warning?: string };
};

function proxyHealth(): Health["proxy"] {
  const trusted = env().CALLSCOPE_TRUSTED_PROXIES;
  const seen = trusted ? null : forwardedHeadersSeenAt();
  return { trusted_proxies: trusted, forwarded_headers_seen_at: seen, ...(seen ? { warning: PROXY_WARNING } : {}) };
}

function extras() {
  const supervisor = readSupervisorStatus();
  return { ...(supervisor ? { supervisor } : {}), proxy: proxyHealth() };
}

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
    const { rows } = await pool().query("select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null");
    const applied = new Set(rows.map((r) => r.migration_name as string));
    const pending = committed.filter((name) => !applied.has(name));
    return {
      status: pending.length ? "degraded" : "ok",
      version: pkg.version,
      database: { reachable: true },
      migrations: { applied: applied.size, pending },
      ...extras(),
    };
  } catch (error) {
    return {
      status: "down",
      version: pkg.version,
      database: { reachable: false, error: (error as Error).message },
      migrations: { applied: 0, pending: committed },
      ...extras(),
    };
  }
}
