// A complete Callscope for tests: a fresh database (embedded, or a new
// database on DATABASE_URL's server), the migrations, and the production
// build served by `next start` on a free port.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrate";
import { createDatabase } from "../../lib/db/create-client";
import { createApiKey } from "../../lib/auth/api-keys";

export const TEST_WEBHOOK_SECRET = "whsec_test_0123456789abcdefghijklmnop";
export const TEST_ADMIN_API_KEY = "cs_test_admin_0123456789abcdefghijklmnop";
export const TEST_MEMBER_API_KEY = "cs_test_member_0123456789abcdefghijklmnop";
/** Console users: the admin is made at first start from the environment, the member through the API. */
export const TEST_ADMIN = { email: "admin@callscope.test", password: "admin-password-0123" };
export const TEST_MEMBER = { email: "member@callscope.test", password: "member-password-0123" };
/** Rate limits of the test server: tests that exercise them come from their own X-Forwarded-For address. */
export const TEST_SIGN_IN_LIMIT = 20;
export const TEST_AUTH_FAILURE_LIMIT = 200;

export type Stack = {
  baseUrl: string;
  /** the app server's process */
  pid: number;
  databaseUrl: string;
  dataDir: string;
  /** everything the server printed so far */
  output: () => string;
  stopDatabase: () => Promise<void>;
  startDatabase: () => Promise<void>;
  stop: () => Promise<void>;
};

async function freshDatabase(dataDir: string, embedded: boolean) {
  const external = embedded ? undefined : process.env.DATABASE_URL;
  if (external) {
    const name = `callscope_test_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(external);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      stop: async () => {},
      restart: null,
      drop: async () => {
        const client = new pg.Client({ connectionString: external });
        await client.connect();
        await client.query(`drop database if exists ${name} with (force)`).catch(() => {});
        await client.end();
      },
    };
  }
  const pgDir = path.join(dataDir, "postgres");
  let server = await startEmbeddedPostgres({ dataDir: pgDir });
  const port = new URL(server.url).port;
  return {
    url: server.url,
    stop: () => server.stop(),
    // Restarts on the same port, so that the app's connection string stays valid.
    restart: async () => {
      server = await startEmbeddedPostgres({ dataDir: pgDir, port: Number(port) });
    },
    drop: async () => server.stop(),
  };
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs = 60_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error("the app did not become healthy in time");
}

/**
 * `sharing`: another instance on the database of a running stack (as behind
 * a load balancer), which neither migrates, nor makes keys and users, nor
 * drops the database when it stops. `memoryProbe`: a server that can be
 * asked what it holds after a full collection (tests/support/memory.ts).
 */
export async function startStack(options: { env?: Record<string, string>; embedded?: boolean; sharing?: Stack; memoryProbe?: boolean } = {}): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "callscope-test-"));
  // As root, the embedded server runs as its own user, which must be able to enter this folder.
  chmodSync(dataDir, 0o755);
  const shared = options.sharing;
  const database = shared
    ? { url: shared.databaseUrl, stop: shared.stopDatabase, restart: null, drop: async () => {} }
    : await freshDatabase(dataDir, options.embedded ?? false);
  if (!shared) {
    await applyMigrations(database.url);
    const { db, close } = createDatabase(database.url, 1);
    await createApiKey(db, { label: "tests", role: "admin", value: TEST_ADMIN_API_KEY });
    await createApiKey(db, { label: "tests (member)", role: "member", value: TEST_MEMBER_API_KEY });
    await close();
  }
  const port = await freePort();
  const probe = options.memoryProbe ? ["--expose-gc", "--import", pathToFileURL(path.resolve(import.meta.dirname, "memory-probe.mjs")).href] : [];
  const child = spawn(process.execPath, [...probe, path.resolve(import.meta.dirname, "../../scripts/next-server.mjs"), "start", "-p", String(port)], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      CALLSCOPE_DATA_DIR: dataDir,
      CARTESIA_WEBHOOK_SECRETS: TEST_WEBHOOK_SECRET,
      CALLSCOPE_ADMIN_EMAIL: TEST_ADMIN.email,
      CALLSCOPE_ADMIN_PASSWORD: TEST_ADMIN.password,
      CALLSCOPE_TRUSTED_PROXIES: "1",
      SIGN_IN_RATE_LIMIT: String(TEST_SIGN_IN_LIMIT),
      AUTH_FAILURE_RATE_LIMIT: String(TEST_AUTH_FAILURE_LIMIT),
      PORT: String(port),
      // Monitors are evaluated every 2 s, so that tests see them move.
      MONITOR_INTERVAL_S: "2",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout!.on("data", (d) => output.push(String(d)));
  child.stderr!.on("data", (d) => output.push(String(d)));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child);
    if (shared) return stackOf();
    const member = await fetch(`${baseUrl}/api/v1/users`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ ...TEST_MEMBER, role: "member" }),
    });
    if (member.status !== 201) throw new Error(`creating the test member answered ${member.status}: ${await member.text()}`);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${output.join("")}`);
  }
  return stackOf();

  function stackOf(): Stack {
    return {
      baseUrl,
      pid: child.pid!,
      databaseUrl: database.url,
      dataDir,
      output: () => output.join(""),
      stopDatabase: database.stop,
      startDatabase: async () => {
        if (!database.restart) throw new Error("restarting the database needs the embedded server");
        await database.restart();
      },
      stop: async () => {
        child.kill("SIGTERM");
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
}
