// `npm start` watches the embedded PostgreSQL it started: killed mid-load
// (kill -9, as the OOM killer does), it is started again, recovers from its
// write-ahead log, and the app is healthy again on its own. Deliveries that
// were answered 503 meanwhile are stored when resent; none is lost.
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/lib/db/embedded-postgres";
import { fixture } from "../support/fixtures";

const require = createRequire(import.meta.url);
const SECRET = "whsec_supervisor_0123456789abcdefghij";
let dataDir: string;
let app: ChildProcess;
let baseUrl: string;
let output = "";

async function health() {
  try {
    const response = await fetch(`${baseUrl}/api/health`);
    return { status: response.status, json: await response.json() };
  } catch {
    return { status: 0, json: null };
  }
}

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms\n${output}`);
}

const postmasterPid = () => Number(readFileSync(path.join(dataDir, "postgres/postmaster.pid"), "utf8").split("\n")[0]);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "callscope-supervisor-"));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CALLSCOPE_DATA_DIR: dataDir,
    PORT: String(port),
    CARTESIA_WEBHOOK_SECRETS: SECRET,
    CALLSCOPE_ADMIN_EMAIL: "admin@supervisor.test",
    CALLSCOPE_ADMIN_PASSWORD: "supervisor-password",
  };
  delete env.DATABASE_URL;
  app = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/serve.ts", "start"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout!.on("data", (d) => (output += d));
  app.stderr!.on("data", (d) => (output += d));
  await until("the app is healthy", async () => (await health()).status === 200, 90_000);
});

afterAll(async () => {
  if (app && app.exitCode === null) {
    app.kill("SIGTERM");
    await new Promise((r) => app.once("exit", r));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the embedded database's supervisor", () => {
  it("restarts PostgreSQL killed mid-load; the app is healthy again within 15 s and no delivery is lost", async () => {
    const template = fixture("webhooks/call_completed.seed.json");
    const prefix = `MZsup${Date.now().toString(36)}`;
    const ids = Array.from({ length: 200 }, (_, i) => `${prefix}${i}`);
    let stored = 0;
    const unexpected: number[] = [];
    // As Cartesia does: a delivery answered 5xx (or not at all) is sent again.
    const deliver = async (id: string) => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        let status = 0;
        try {
          const response = await fetch(`${baseUrl}/api/webhooks/cartesia`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-webhook-secret": SECRET },
            body: JSON.stringify({ ...template, request_id: id }),
          });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          // the connection failed: try again
        }
        if (status === 200) return void stored++;
        if (status !== 503 && status !== 0) unexpected.push(status);
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${id} was never stored`);
    };
    const queue = [...ids];
    const load = Promise.all(
      Array.from({ length: 10 }, async () => {
        while (queue.length) await deliver(queue.shift()!);
      }),
    );

    await until("some deliveries stored", async () => stored >= 30, 30_000);
    const pid = postmasterPid();
    process.kill(pid, "SIGKILL");
    const killedAt = Date.now();
    await until("the app notices the outage", async () => (await health()).status !== 200, 10_000);
    await until("the app is healthy again", async () => (await health()).status === 200, 15_000);
    const recoveredInMs = Date.now() - killedAt;
    expect(recoveredInMs).toBeLessThan(15_000);
    await load;

    const { json } = await health();
    expect(json.supervisor).toMatchObject({ state: "running", restarts: 1, last_exit: { signal: "SIGKILL" } });
    expect(postmasterPid()).not.toBe(pid);
    expect(output).toMatch(/the embedded PostgreSQL exited \(signal SIGKILL\); restarting it/);
    expect(output).toMatch(/running again \(restart 1\)/);
    // Only 200, or 503 while the database was away: never an error that blames the delivery.
    expect(unexpected).toEqual([]);

    const port = Number(readFileSync(path.join(dataDir, "postgres/postmaster.pid"), "utf8").split("\n")[3]);
    const password = readFileSync(path.join(dataDir, "postgres.password"), "utf8").trim();
    const client = new pg.Client({ host: "127.0.0.1", port, user: "callscope", password, database: "callscope" });
    await client.connect();
    try {
      const calls = await client.query("select count(*)::int as n, count(*) filter (where turn_count = 5)::int as whole from calls where id like $1", [
        `${prefix}%`,
      ]);
      expect(calls.rows[0]).toEqual({ n: ids.length, whole: ids.length });
      const deliveries = await client.query("select count(*)::int as n from webhook_deliveries where call_id like $1", [`${prefix}%`]);
      expect(deliveries.rows[0].n).toBe(ids.length);
    } finally {
      await client.end();
    }
  });

  it("starts the web server again when it dies, leaving the database running; the data stays", async () => {
    const id = `MZweb${Date.now().toString(36)}`;
    const template = fixture("webhooks/call_completed.seed.json");
    const delivered = await fetch(`${baseUrl}/api/webhooks/cartesia`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-webhook-secret": SECRET },
      body: JSON.stringify({ ...template, request_id: id }),
    });
    expect(delivered.status).toBe(200);
    const postgres = postmasterPid();
    const webPids = () => [...output.matchAll(/web server started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    const [web] = webPids().slice(-1);
    // As the kernel's out-of-memory killer does.
    process.kill(web, "SIGKILL");
    await until("the app notices", async () => (await health()).status === 0, 10_000);
    await until("a new web server", async () => webPids().length >= 2, 15_000);
    await until("the app is healthy again", async () => (await health()).status === 200, 90_000);
    expect(output).toMatch(/the web server \(pid \d+\) was killed by SIGKILL; starting it again in 1 s \(the database keeps running\)/);
    expect(webPids().slice(-1)[0]).not.toBe(web);
    // The database was never stopped: the same postmaster serves, and the call is there.
    expect(postmasterPid()).toBe(postgres);
    expect(app.exitCode).toBeNull();
    const port = Number(readFileSync(path.join(dataDir, "postgres/postmaster.pid"), "utf8").split("\n")[3]);
    const password = readFileSync(path.join(dataDir, "postgres.password"), "utf8").trim();
    const client = new pg.Client({ host: "127.0.0.1", port, user: "callscope", password, database: "callscope" });
    await client.connect();
    try {
      expect((await client.query("select turn_count from calls where id = $1", [id])).rows).toEqual([{ turn_count: 5 }]);
    } finally {
      await client.end();
    }
  });

  it("stops the database when it is itself told to stop", async () => {
    const postgres = postmasterPid();
    app.kill("SIGTERM");
    await new Promise((r) => app.once("exit", r));
    const alive = () => {
      try {
        process.kill(postgres, 0);
        return true;
      } catch {
        return false;
      }
    };
    await until("the database has stopped", async () => !alive(), 15_000);
  });
});
