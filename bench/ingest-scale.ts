// Webhook ingest on a full database: the ingest benchmark's load (50
// connections, call_completed with 20 turns) against the app on an empty
// database, then on the bench data set (--calls, 200,000 by default), in
// the same run. The goal: no worse on the full one. The deliveries it adds
// to the bench set are deleted afterwards.
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { delivery, load, SECRET } from "./ingest";
import { openBenchDatabase } from "./seed";
import { ROOT, round, startNext, stop, tempDir, waitHealthy, writeResult } from "./support";

const PREFIX = "MZbenchscale";
const make = (n: number) => delivery(n, PREFIX, new Date());

async function measure(url: string, dataDir: string, seconds: number) {
  const port = await freePort();
  const app = startNext({ DATABASE_URL: url, CARTESIA_WEBHOOK_SECRETS: SECRET, CALLSCOPE_DATA_DIR: dataDir, DATABASE_POOL_SIZE: "10" }, port);
  try {
    await waitHealthy(`http://127.0.0.1:${port}`, app);
    await load(`http://127.0.0.1:${port}`, 2, 10_000_000, make); // warm-up
    return await load(`http://127.0.0.1:${port}`, seconds, 20_000_000, make);
  } finally {
    await stop(app);
  }
}

export async function runIngestAtScale(seconds: number, calls: number) {
  const dir = tempDir("bench-ingest-scale-");
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres") });
  let empty;
  try {
    await applyMigrations(server.url);
    empty = await measure(server.url, dir, seconds);
  } finally {
    await server.stop();
  }
  const bench = await openBenchDatabase(ROOT, calls);
  let full;
  try {
    full = await measure(bench.url, bench.dataDir, seconds);
  } finally {
    const cleanup = new pg.Client({ connectionString: bench.url });
    await cleanup.connect();
    await cleanup.query("delete from webhook_deliveries where call_id like $1", [`${PREFIX}%`]);
    await cleanup.query("delete from calls where id like $1", [`${PREFIX}%`]);
    await cleanup.end();
    await bench.close();
  }
  const result = {
    seconds,
    calls,
    empty_database: empty,
    full_database: full,
    throughput_ratio: round(full.deliveries_per_s / empty.deliveries_per_s, 2),
    p99_ratio: round(full.p99_ms / empty.p99_ms, 2),
  };
  console.log(
    `ingest at ${calls.toLocaleString("en-US")} calls: ${full.deliveries_per_s}/s (p99 ${full.p99_ms} ms) vs ${empty.deliveries_per_s}/s (p99 ${empty.p99_ms} ms)` +
      ` on an empty database: throughput ×${result.throughput_ratio}, p99 ×${result.p99_ratio}`,
  );
  console.log(`  written to ${writeResult("ingest-scale", result)}`);
  return result;
}
