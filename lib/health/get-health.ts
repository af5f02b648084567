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
  /** whether the database answered; why not goes to the server log, never to the answer (it names hosts and users) */
  database: "up" | "down";
  /** left out while the database is down: nothing is known of them then */
  migrations?: { applied: number; pending: string[] };
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

const LOG_EVERY_MS = 60_000;
let lastLogged: { message: string; at: number } | null = null;

/** The reason, for the operator: once per distinct message, and again each minute while it lasts. */
function logDown(error: Error) {
  const message = error.message || String(error);
  const now = Date.now();
  if (lastLogged && lastLogged.message === message && now - lastLogged.at < LOG_EVERY_MS) return;
  lastLogged = { message, at: now };
  console.error(`[callscope] health: the database is unreachable: ${message}`);
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
      database: "up",
      migrations: { applied: applied.size, pending },
      ...extras(),
    };
  } catch (error) {
    logDown(error as Error);
    return { status: "down", version: pkg.version, database: "down", ...extras() };
  }
}
