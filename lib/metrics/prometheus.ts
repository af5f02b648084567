// The figures served at /metrics in Prometheus's text format (prom-client).
// Everything about calls, latency, jobs and monitors is read from Postgres at
// each scrape, so every instance answers the same numbers; the webhook
// delivery counter and the process metrics are this instance's own. The call
// counts (call_status_counts, call-counts.ts) and the latency histograms
// (latency_totals) are kept as the data changes, so a scrape costs the same
// at any number of calls and days.
import type { Pool } from "pg";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { BINS_PER_MS, type StageMetric } from "@/lib/latency/rollup";
import { processSingleton } from "@/lib/process-singleton";
import { callCounts } from "./call-counts";
import { deliveryCounter } from "./delivery-counter";
import { workerRounds } from "@/lib/jobs/worker";

/**
 * Bucket bounds in seconds: fine below a second, where voice latency lives.
 * latency_totals is kept in these buckets (latency_totals_bucket() in its
 * migration holds them in 0.1 ms bins): changing them is a migration too.
 */
export const LATENCY_BUCKETS_S = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 5, 10];

/**
 * A histogram of every value the daily latency rollups hold (all time), one
 * series per agent, from their totals per bucket (latency_totals, kept by
 * triggers as the days are rebuilt): a few rows per agent, however many days
 * and deployments. prom-client's Histogram only counts what it observes, so
 * this is a collector of its own that answers the same shape.
 */
function rollupHistogram(pool: () => Pool, name: string, help: string, metric: string) {
  return {
    name,
    help,
    type: "histogram" as const,
    aggregator: "sum" as const,
    async get() {
      const { rows } = await pool().query<{ agent_id: string; bucket: number; n: string; sum_bins: string }>(
        "select agent_id, bucket, n::text, sum_bins::text from latency_totals where metric = $1",
        [metric],
      );
      // Bucket i holds the values above i bounds; the sum is kept in whole bins, exactly.
      const agents = new Map<string, { counts: number[]; sumBins: bigint }>();
      for (const r of rows) {
        const a = agents.get(r.agent_id) ?? { counts: new Array(LATENCY_BUCKETS_S.length + 1).fill(0), sumBins: BigInt(0) };
        agents.set(r.agent_id, a);
        a.counts[r.bucket] += Number(r.n);
        a.sumBins += BigInt(r.sum_bins);
      }
      const values = [...agents].flatMap(([agent, a]) => {
        // Cumulative: the values at or under each bound, then all of them.
        const cumulative = a.counts.map(
          (
            (sum) => (n: number) =>
              (sum += n)
          )(0),
        );
        const count = cumulative[LATENCY_BUCKETS_S.length];
        return [
          ...LATENCY_BUCKETS_S.map((le, i) => ({ metricName: `${name}_bucket`, labels: { agent_id: agent, le }, value: cumulative[i] })),
          { metricName: `${name}_bucket`, labels: { agent_id: agent, le: "+Inf" }, value: count },
          { metricName: `${name}_sum`, labels: { agent_id: agent }, value: Number(a.sumBins) / BINS_PER_MS / 1000 },
          { metricName: `${name}_count`, labels: { agent_id: agent }, value: count },
        ];
      });
      return { name, help, type: this.type, aggregator: this.aggregator, values };
    },
  };
}

function createRegistry(pool: () => Pool) {
  const registry = new Registry();
  const query = async <T extends Record<string, unknown>>(sql: string) => (await pool().query<T>(sql)).rows;

  new Counter({
    name: "callscope_calls_total",
    help: "Calls that ended, by agent and how (completed, failed, cancelled); calls still going are callscope_calls_in_progress. Deleting calls lowers it, which Prometheus reads as a counter reset.",
    labelNames: ["agent_id", "status"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await callCounts(pool(), ["completed", "failed", "cancelled"])) this.inc({ agent_id: r.agent_id, status: r.status }, r.n);
    },
  });

  new Gauge({
    name: "callscope_calls_in_progress",
    help: "Calls started and not yet completed, failed or cancelled, by agent.",
    labelNames: ["agent_id"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await callCounts(pool(), ["created", "started", "active"])) this.inc({ agent_id: r.agent_id }, r.n);
    },
  });

  registry.registerMetric(
    rollupHistogram(
      pool,
      "callscope_tts_ttfb_seconds",
      "Time to the first byte of speech of assistant turns, by agent (from the hourly rollups, so a turn is counted within about a minute of arriving).",
      "tts_ttfb",
    ) as never,
  );
  registry.registerMetric(
    rollupHistogram(
      pool,
      "callscope_response_gap_seconds",
      "From the end of the caller's turn to the start of the agent's reply, by agent (from the hourly rollups).",
      "response_gap",
    ) as never,
  );
  // Where the wait before each answered turn went: one histogram per stage, with tts_ttfb's buckets.
  const stages: [StageMetric, string, string][] = [
    ["stage_wait", "wait", "The wait before each answered turn: heard in the recording when there is one, else from the timestamps"],
    ["stage_endpointing", "endpointing", "Endpointing (vad_buffer_ms) of each answered turn"],
    ["stage_stt", "stt", "Speech-to-text (stt_ttfb of the user turn answered) of each answered turn"],
    ["stage_llm", "llm", "The LLM's first output (the configured LLM metric) of each answered turn"],
    ["stage_tts", "tts", "Text-to-speech (tts_ttfb) of each answered turn"],
    [
      "stage_unattributed",
      "unattributed",
      "The part of each answered turn's wait no stage explains (negative when stages overlap, counted in the lowest bucket)",
    ],
  ];
  for (const [metric, name, help] of stages)
    registry.registerMetric(rollupHistogram(pool, `callscope_stage_${name}_seconds`, `${help}, by agent (from the hourly rollups).`, metric) as never);
  registry.registerMetric(deliveryCounter());
  registry.registerMetric(workerRounds());

  new Gauge({
    name: "callscope_jobs_queued",
    help: "Background jobs waiting to run, by kind.",
    labelNames: ["kind"],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await query<{ kind: string; n: string }>("select kind, count(*)::text as n from jobs where status = 'queued' group by kind");
      for (const r of rows) this.set({ kind: r.kind }, Number(r.n));
    },
  });

  new Gauge({
    name: "callscope_webhook_last_received_timestamp_seconds",
    help: "When the last webhook delivery naming each agent was received, as Unix time.",
    labelNames: ["agent_id"],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await query<{ agent_id: string; at: number | null }>(
        `select a.id as agent_id, extract(epoch from d.received_at)::float8 as at from agents a
         cross join lateral (select received_at from webhook_deliveries w where w.agent_id = a.id order by received_at desc limit 1) d`,
      );
      for (const r of rows) if (r.at !== null) this.set({ agent_id: r.agent_id }, r.at);
    },
  });

  new Gauge({
    name: "callscope_monitor_firing",
    help: "1 while a monitor is firing, else 0, by monitor.",
    labelNames: ["monitor_id", "name", "metric"],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await query<{ id: string; name: string; metric: string; firing: boolean }>(
        "select id, name, metric, state = 'firing' as firing from monitors where not paused",
      );
      for (const r of rows) this.set({ monitor_id: r.id, name: r.name, metric: r.metric }, r.firing ? 1 : 0);
    },
  });

  collectDefaultMetrics({ register: registry, prefix: "callscope_process_" });
  // Gauges that prom-client names like counters, which Prometheus's own lint refuses.
  for (const name of ["active_handles_total", "active_requests_total", "active_resources_total"])
    registry.removeSingleMetric(`callscope_process_nodejs_${name}`);
  return registry;
}

export const metricsRegistry = (pool: () => Pool) => processSingleton("prometheus-registry", () => createRegistry(pool));
