// Webhook ingest under load: autocannon with 50 connections posting
// call_completed deliveries of 20 turns (each for a new call) to the
// production build, its background work running, and in the same run to the
// plain node:http + pg baseline doing the same writes, on the same fresh
// database; then how long the background work took to catch up.
import { fork } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
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

/**
 * A stand-in for Cartesia's API, so that the app enriches each finished call
 * as it does with an API key. It knows no call (404): the cheapest
 * enrichment, one request and one update per call, with no recording to fetch.
 */
async function cartesiaStandIn() {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(404, { "content-type": "application/json" }).end('{"message":"not found"}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** The plain node:http + pg baseline on a free port, writing to `databaseUrl`, once it listens. */
export async function startBaseline(databaseUrl: string) {
  const port = await freePort();
  const child = fork(path.join(ROOT, "bench/baseline-ingest-server.ts"), [databaseUrl, String(port), SECRET], { execArgv: ["--import", "tsx"] });
  await new Promise((r) => child.once("message", r));
  return { child, base: `http://127.0.0.1:${port}` };
}

/**
 * Webhook ingest as an operator runs it: the production build with its
 * background loops (conversation figures, enrichment, causes, latency
 * histograms) doing the work each delivered call queues during the load; then
 * how much was left queued at its end and how long that took to drain. The
 * baseline, plain node:http + pg, runs first on the same empty database.
 */
export async function runIngest(seconds = 10) {
  const database = await freshDatabase("bench-ingest-");
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const cartesia = await cartesiaStandIn();
  try {
    const baseline = await startBaseline(database.url);
    const baselineResult = await load(baseline.base, seconds, 0);
    await stop(baseline.child);
    await client.query("truncate calls, turns, webhook_deliveries, cause_queue, latency_changes cascade");

    const { app, base } = await startApp(database, { ...INGEST_ENV, CARTESIA_API_KEY: "bench", CARTESIA_API_URL: cartesia.url });
    let appResult, atEnd, drainedMs, latencyMs;
    // What was queued, every second of the load (the warm-up's 2 s first).
    const during: Awaited<ReturnType<typeof backlog>>[] = [];
    const poller = setInterval(() => void backlog(client).then((b) => during.push(b)), 1000);
    try {
      // Each call is new and just finished, as in production: its hour is the current one.
      appResult = await warmLoad(base, seconds, (n) => delivery(n, "MZbenchingest", new Date()));
      clearInterval(poller);
      atEnd = await backlog(client);
      drainedMs = await waitDrained(client, 300_000, ["jobs", "causes"]);
      // The histograms wait until their hour has had no change for 30 s (rollup.ts), by design.
      latencyMs = await waitDrained(client, 120_000, ["latency_hours"]);
    } finally {
      clearInterval(poller);
      await stop(app);
    }
    const { rows: done } = await client.query(
      `select (select count(*)::int from calls where turn_count = 20) as stored,
              (select count(*)::int from call_conversations) as measured,
              (select count(*)::int from calls where recording_status = 'unavailable') as enriched`,
    );

    const result = {
      seconds,
      connections: 50,
      callscope: appResult,
      baseline: baselineResult,
      throughput_ratio: round(appResult.deliveries_per_s / baselineResult.deliveries_per_s, 2),
      p99_ratio: round(appResult.p99_ms / baselineResult.p99_ms, 2),
      goal: { throughput_ratio: ">= 1.0", p99_ratio: "<= 1.2" },
      background: {
        queued_during_load: during,
        queued_at_end: atEnd,
        jobs_and_causes_drained_after_ms: drainedMs,
        latency_hours_rebuilt_after_ms: latencyMs === null ? null : (drainedMs ?? 0) + latencyMs,
      },
      calls_stored_with_20_turns: done[0].stored,
      calls_measured: done[0].measured,
      calls_enriched: done[0].enriched,
    };
    const met = (ok: boolean) => (ok ? "met" : "not met");
    console.log(
      `ingest: Callscope ${appResult.deliveries_per_s}/s (p50 ${appResult.p50_ms} ms, p99 ${appResult.p99_ms} ms, ${appResult.errors + appResult.non_2xx} errors)` +
        ` vs baseline ${baselineResult.deliveries_per_s}/s (p50 ${baselineResult.p50_ms} ms, p99 ${baselineResult.p99_ms} ms):` +
        ` throughput ×${result.throughput_ratio} (goal ×1.0: ${met(result.throughput_ratio >= 1)}), p99 ×${result.p99_ratio} (goal ×1.2: ${met(result.p99_ratio <= 1.2)})`,
    );
    console.log(
      `  background work: ${during.map((b) => b.total).join(", ")} queued, second by second; at the end ${atEnd.jobs} jobs, ${atEnd.causes} calls for causes,` +
        ` ${atEnd.latency_hours} hours noted; jobs and causes drained ${drainedMs === null ? "not within 300 s" : `${(drainedMs / 1000).toFixed(1)} s after the load`},` +
        ` histograms ${latencyMs === null ? "not within 120 s more" : `${((result.background.latency_hours_rebuilt_after_ms ?? 0) / 1000).toFixed(1)} s after`}`,
    );
    console.log(`  ${done[0].stored} calls stored, ${done[0].measured} measured, ${done[0].enriched} enriched`);
    console.log(`  written to ${writeResult("ingest", result)}`);
    return result;
  } finally {
    await cartesia.close();
    await client.end();
    await database.stop();
  }
}
