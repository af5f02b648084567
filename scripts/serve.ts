// npm start / npm run dev - the one way Callscope starts: find or start the
// database, apply migrations, make sure the webhook is protected, then run
// Next.js with DATABASE_URL set. Stops the embedded database on exit.
import { spawn } from "node:child_process";
import path from "node:path";
import { createDatabase } from "@/lib/db/create-client";
import { applyMigrations } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open-database";
import { SUPERVISOR_STATUS_ENV, writeSupervisorStatus } from "@/lib/db/supervisor-status";
import { parseEnv } from "@/lib/env";
import { ensureFirstSecret } from "@/lib/ingest/webhook/ensure-first-secret";
import { ensureBuild } from "./ensure-build";
import { printFirstSecret } from "./print-first-secret";

const mode = process.argv[2] === "dev" ? "dev" : "start";

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

if (mode === "start") ensureBuild();

// The embedded database is watched and restarted if it dies; the app reads what happened for /api/health.
const statusFile = path.resolve(env.CALLSCOPE_DATA_DIR, "postgres-supervisor.json");
const database = await openDatabase({
  log: (line) => console.log(`[callscope] ${line}`),
  supervise: { onStatus: (status) => writeSupervisorStatus(statusFile, status) },
});
const applied = await applyMigrations(database.url);
if (applied.length) console.log(`[callscope] applied migrations: ${applied.join(", ")}`);

const { db, close } = createDatabase(database.url, 2);
const secret = await ensureFirstSecret(db, env.CARTESIA_WEBHOOK_SECRETS);
await close();
const publicUrl = env.CALLSCOPE_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
if (secret) printFirstSecret(publicUrl, secret);

const child = spawn(process.execPath, [path.join(import.meta.dirname, "next-server.mjs"), mode, "-p", String(env.PORT)], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: database.url, ...(database.embedded ? { [SUPERVISOR_STATUS_ENV]: statusFile } : {}) },
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
  await database.stop().catch((error) => console.error(`[callscope] stopping the database: ${error}`));
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
child.on("exit", (code) => void stop(code ?? 0));
