// Webhook ingest on a full database: the ingest benchmark's load (50
// connections, call_completed with 20 turns) against the app on an empty
// database, then on the bench data set (--calls, 200,000 by default), in
// the same run. The goal: no worse on the full one. The deliveries it adds
// to the bench set are deleted afterwards.
import pg from "pg";
import { delivery, INGEST_ENV, warmLoad } from "./ingest";
import { openBenchDatabase } from "./seed";
import { freshDatabase, startApp } from "./start-app";
import { ROOT, round, stop, writeResult } from "./support";

const PREFIX = "MZbenchscale";
const make = (n: number) => delivery(n, PREFIX, new Date());

async function measure(database: { url: string; dataDir: string }, seconds: number) {
  const { app, base } = await startApp(database, INGEST_ENV);
  try {
    return await warmLoad(base, seconds, make);
  } finally {
    await stop(app);
  }
}

/** Deletes the calls (and their deliveries) that a benchmark's load added under ids starting with `prefix`. */
export async function removeLoadCalls(url: string, prefix: string) {
  const cleanup = new pg.Client({ connectionString: url });
  await cleanup.connect();
  try {
    await cleanup.query("delete from webhook_deliveries where call_id like $1", [`${prefix}%`]);
    await cleanup.query("delete from calls where id like $1", [`${prefix}%`]);
    await cleanup.query("delete from jobs where payload->>'call_id' like $1", [`${prefix}%`]);
    await cleanup.query("delete from cause_queue where call_id like $1", [`${prefix}%`]);
  } finally {
    await cleanup.end();
  }
}

export async function runIngestAtScale(seconds: number, calls: number) {
  const fresh = await freshDatabase("bench-ingest-scale-");
  let empty;
  try {
    empty = await measure(fresh, seconds);
  } finally {
    await fresh.stop();
  }
  const bench = await openBenchDatabase(ROOT, calls);
  let full;
  try {
    full = await measure(bench, seconds);
  } finally {
    await removeLoadCalls(bench.url, PREFIX);
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
