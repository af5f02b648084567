// Time from `npm start` to the first healthy /api/health, on a fresh data
// folder (first start: creating the database, migrating) and on a warm one.
// Baseline in the same run: the embedded PostgreSQL alone, started on a
// fresh and on a warm data folder, answering `select 1`.
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { ROOT, round, stop, tempDir, timed, waitHealthy, writeResult } from "./support";

async function postgresAlone(dataDir: string) {
  const [server, ms] = await timed(async () => {
    const s = await startEmbeddedPostgres({ dataDir });
    const c = new pg.Client({ connectionString: s.url });
    await c.connect();
    await c.query("select 1");
    await c.end();
    return s;
  });
  await server.stop();
  return ms;
}

async function callscope(dataDir: string) {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/serve.ts"), "start"], {
    cwd: ROOT,
    env: { ...process.env, CALLSCOPE_DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: "", CARTESIA_WEBHOOK_SECRETS: "bench" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitHealthy(`http://127.0.0.1:${port}`, child);
  const ms = performance.now() - start;
  await stop(child);
  return ms;
}

export async function startupBench(runs = 3) {
  const rows = { postgresFresh: [] as number[], postgresWarm: [] as number[], callscopeFresh: [] as number[], callscopeWarm: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const pgDir = path.join(tempDir("bench-pg-"), "postgres");
    rows.postgresFresh.push(await postgresAlone(pgDir));
    rows.postgresWarm.push(await postgresAlone(pgDir));
    const appDir = tempDir("bench-app-");
    rows.callscopeFresh.push(await callscope(appDir));
    rows.callscopeWarm.push(await callscope(appDir));
  }
  const median = (v: number[]) => round([...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]);
  const result = {
    runs,
    median_ms: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)])),
    ratio_fresh: round(median(rows.callscopeFresh) / median(rows.postgresFresh), 2),
    ratio_warm: round(median(rows.callscopeWarm) / median(rows.postgresWarm), 2),
  };
  console.log(
    `startup (median of ${runs}): fresh ${result.median_ms.callscopeFresh} ms vs Postgres alone ${result.median_ms.postgresFresh} ms (×${result.ratio_fresh}); warm ${result.median_ms.callscopeWarm} ms vs ${result.median_ms.postgresWarm} ms (×${result.ratio_warm})`,
  );
  return result;
}

export async function runStartup() {
  const result = await startupBench();
  console.log(`  written to ${writeResult("startup", result)}`);
}
