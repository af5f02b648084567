// Webhook ingest under load: autocannon with 50 connections posting
// call_completed deliveries of 20 turns (each for a new call) to the
// production build, and in the same run to the plain node:http + pg
// baseline doing the same writes, on the same fresh database.
import { fork } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { freePort } from "@/lib/db/embedded-postgres";
import { CONVERSATION_JOB, ENRICH_CALL_JOB } from "@/lib/jobs/job-kinds";
import { freshDatabase, startApp } from "./start-app";
import { ROOT, round, stop, writeResult } from "./support";

export const SECRET = "whsec_bench_secret_0123456789";
/** The app's settings under this load: the bench secret, and the pool the baseline has too. */
export const INGEST_ENV = { CARTESIA_WEBHOOK_SECRETS: SECRET, DATABASE_POOL_SIZE: "10" };

/** A call_completed delivery of 20 turns for a new call; `at` is its event time. */
export function delivery(n: number, idPrefix = "MZbenchingest", at = new Date(Date.UTC(2025, 5, 24, 12, 0, 0) + n)) {
  const body = Array.from({ length: 20 }, (_, i) => ({
    role: i % 2 ? "user" : "assistant",
    text: i % 2 ? `I would like to move appointment number ${n} to next week please` : `Sure, let me look that up for you, booking ${n}.`,
    start_timestamp: i * 4 + 0.5,
    end_timestamp: i * 4 + 3.5,
    ...(i % 2 ? {} : { tts_ttfb: 0.2 + (i % 7) / 50 }),
  }));
  return JSON.stringify({
    type: "call_completed",
    request_id: `${idPrefix}${process.pid}x${n}`,
    agent_id: "agent_bench",
    webhook_id: "agent_webhook_bench",
    body,
    timestamp: at.toISOString(),
  });
}

/** 50 connections posting new deliveries to the webhook for `seconds`. */
export async function load(url: string, seconds: number, offset: number, make: (n: number) => string = delivery) {
  let n = offset;
  const result = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: "/api/webhooks/cartesia",
        headers: { "content-type": "application/json", "x-webhook-secret": SECRET },
        setupRequest: (req) => ({ ...req, body: make(n++) }),
      },
    ],
  });
  return {
    deliveries_per_s: round(result.requests.average, 0),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

/** The load for `seconds`, after 2 s of it to warm the server up; new ids each time. */
export async function warmLoad(url: string, seconds: number, make: (n: number) => string = delivery) {
  await load(url, 2, 10_000_000, make); // warm-up
  return load(url, seconds, 20_000_000, make);
}

/** The durable work a finished call queues: its conversation figures and enrichment (jobs), its causes, its hour's latency histograms. */
export async function backlog(db: pg.Pool | pg.Client) {
  const { rows } = await db.query(
    `select (select count(*)::int from jobs where kind = any($1::text[]) and status in ('queued', 'running')) as jobs,
            (select count(*)::int from cause_queue) as causes,
            (select count(*)::int from latency_changes) as latency_hours`,
    [[CONVERSATION_JOB, ENRICH_CALL_JOB]],
  );
  const row = rows[0] as { jobs: number; causes: number; latency_hours: number };
  return { ...row, total: row.jobs + row.causes + row.latency_hours };
}

type Part = "jobs" | "causes" | "latency_hours";

/** Waits until those parts of the background work are done (polled every 250 ms); how long it took in ms, or null past `timeoutMs`. */
export async function waitDrained(db: pg.Pool | pg.Client, timeoutMs: number, parts: Part[] = ["jobs", "causes", "latency_hours"]): Promise<number | null> {
  const start = performance.now();
  for (;;) {
    const left = await backlog(db);
    if (parts.every((part) => left[part] === 0)) return round(performance.now() - start, 0);
    if (performance.now() - start > timeoutMs) return null;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The plain node:http + pg baseline on a free port, writing to `databaseUrl`, once it listens. */
export async function startBaseline(databaseUrl: string) {
  const port = await freePort();
  const child = fork(path.join(ROOT, "bench/baseline-ingest-server.ts"), [databaseUrl, String(port), SECRET], { execArgv: ["--import", "tsx"] });
  await new Promise((r) => child.once("message", r));
  return { child, base: `http://127.0.0.1:${port}` };
}

export async function runIngest(seconds = 10) {
  const database = await freshDatabase("bench-ingest-");
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const baseline = await startBaseline(database.url);
    const baselineResult = await load(baseline.base, seconds, 0);
    await stop(baseline.child);
    await client.query("truncate calls, turns, webhook_deliveries cascade");

    const { app, base } = await startApp(database, INGEST_ENV);
    const appResult = await warmLoad(base, seconds);
    await stop(app);
    const stored = await client.query("select count(*)::int as n from calls where turn_count = 20");

    const result = {
      seconds,
      connections: 50,
      callscope: appResult,
      baseline: baselineResult,
      throughput_ratio: round(appResult.deliveries_per_s / baselineResult.deliveries_per_s, 2),
      p99_ratio: round(appResult.p99_ms / baselineResult.p99_ms, 2),
      calls_stored_with_20_turns: stored.rows[0].n,
    };
    console.log(
      `ingest: Callscope ${appResult.deliveries_per_s}/s (p50 ${appResult.p50_ms} ms, p99 ${appResult.p99_ms} ms, ${appResult.errors + appResult.non_2xx} errors)` +
        ` vs baseline ${baselineResult.deliveries_per_s}/s (p50 ${baselineResult.p50_ms} ms, p99 ${baselineResult.p99_ms} ms):` +
        ` throughput ×${result.throughput_ratio}, p99 ×${result.p99_ratio}`,
    );
    console.log(`  written to ${writeResult("ingest", result)}`);
    return result;
  } finally {
    await client.end();
    await database.stop();
  }
}
