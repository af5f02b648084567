// npm start / npm run dev - the one way Callscope starts: find or start the
// database, apply migrations, make sure the webhook is protected, then run
// Next.js with DATABASE_URL set. If the web process dies, it is started
// again (after 1 s, then twice as long each time it dies soon after a start,
// up to 30 s), with the database left running; the embedded database is
// stopped only when this process itself is told to stop.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createDatabase } from "@/lib/db/create-client";
import { applyMigrations } from "@/lib/db/migrate";
import { openDatabase } from "@/lib/db/open-database";
import { SUPERVISOR_STATUS_ENV, writeSupervisorStatus } from "@/lib/db/supervisor-status";
import { type Env, parseEnv } from "@/lib/env";
import { ensureFirstSecret } from "@/lib/ingest/cartesia-webhook/ensure-first-secret";
import { ensureBuild } from "./ensure-build";
import { printFirstSecret } from "./print-first-secret";

const mode = process.argv[2] === "dev" ? "dev" : "start";

let env: Env;
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

const webEnv = { ...process.env, DATABASE_URL: database.url, ...(database.embedded ? { [SUPERVISOR_STATUS_ENV]: statusFile } : {}) };
const FIRST_WAIT_MS = 1000;
const MAX_WAIT_MS = 30_000;
/** A web process that ran this long without dying was healthy: the next restart waits the shortest time again. */
const HEALTHY_MS = 60_000;

let child: ChildProcess;
let stopping = false;
let wait = FIRST_WAIT_MS;

function startWeb() {
  const started = Date.now();
  child = spawn(process.execPath, [path.join(import.meta.dirname, "next-server.mjs"), mode, "-p", String(env.PORT)], { stdio: "inherit", env: webEnv });
  console.log(`[callscope] web server started (pid ${child.pid})`);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    if (Date.now() - started >= HEALTHY_MS) wait = FIRST_WAIT_MS;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    console.error(`[callscope] the web server (pid ${child.pid}) ${how}; starting it again in ${wait / 1000} s (the database keeps running)`);
    setTimeout(() => {
      if (!stopping) startWeb();
    }, wait);
    wait = Math.min(wait * 2, MAX_WAIT_MS);
  });
}
startWeb();

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const hard = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(hard);
  }
  await database.stop().catch((error) => console.error(`[callscope] stopping the database: ${error}`));
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
