// Monitors and /metrics on the bench data set. A Prometheus scrape of
// /metrics end to end, against GET /api/health in the same run; and one
// evaluation round of a monitor of every figure (24-hour windows, every
// agent, then each of them for p95 tts_ttfb), against a plain count of the
// day's calls.
import type { Pool } from "pg";
import { MONITOR_METRIC_NAMES } from "@/lib/monitors/monitor-definitions";
import { evaluateMonitors } from "@/lib/monitors/evaluate-monitors";
import { openBenchDatabase } from "./seed";
import { startApp } from "./start-app";
import { fetchPage, ROOT, round, sample, signInCookie, stop, writeResult } from "./support";

/** The app's settings for these figures: no monitor round of its own while they are timed. */
export const MONITORS_ENV = { MONITOR_INTERVAL_S: "3600" };

/** A scrape of /metrics end to end, beside /api/health of the same server. */
export async function measureScrape(base: string, cookie: string, samples: number) {
  const health = await sample(samples, () => fetchPage(`${base}/api/health`, cookie));
  const scrape = await sample(samples, () => fetchPage(`${base}/metrics`, cookie));
  return { health, scrape };
}

/** One evaluation round of a monitor of every figure over 24 hours, beside a plain count of the day's calls. */
export async function measureMonitorRound(pool: Pool, samples: number) {
  await pool.query("delete from monitors where name like 'bench:%'");
  const { rows: agents } = await pool.query<{ agent_id: string }>("select distinct agent_id from calls where agent_id is not null order by 1");
  const made = [
    ...MONITOR_METRIC_NAMES.map((metric) => ({ metric, agent: null as string | null })),
    ...agents.map((a) => ({ metric: "tts_ttfb_p95_ms", agent: a.agent_id })),
  ];
  for (const [i, m] of made.entries()) {
    await pool.query(`insert into monitors (id, name, metric, agent_id, window_minutes, threshold, paused) values ($1, $2, $3, $4, 1440, 1000000, false)`, [
      `mon_bench_${i}`,
      `bench: ${m.metric} ${m.agent ?? "all"}`,
      m.metric,
      m.agent,
    ]);
  }
  try {
    const evaluation = await sample(samples, () => evaluateMonitors(pool));
    const plain = await sample(samples, () => pool.query("select count(*) from calls where sort_time > now() - interval '1 day'"));
    return { monitors: made.length, evaluation, plain };
  } finally {
    await pool.query("delete from monitors where name like 'bench:%'");
  }
}

export async function runMonitors(calls: number, samples = 10) {
  const bench = await openBenchDatabase(ROOT, calls);
  const { pool } = bench;
  try {
    const { app, base } = await startApp(bench, MONITORS_ENV);
    const cookie = await signInCookie(base);
    const { health, scrape } = await measureScrape(base, cookie, samples);
    await stop(app);
    const { monitors, evaluation, plain } = await measureMonitorRound(pool, samples);

    const result = {
      calls,
      samples,
      health_ms: health,
      metrics_scrape_ms: scrape,
      scrape_over_health_p50: round(scrape.p50 / health.p50, 1),
      monitors,
      evaluation_ms: evaluation,
      plain_day_count_ms: plain,
      evaluation_over_plain_count_p50: round(evaluation.p50 / plain.p50, 1),
    };
    console.log(`  GET /metrics: p50 ${scrape.p50} ms, p95 ${scrape.p95} ms (×${result.scrape_over_health_p50} of /api/health, p50 ${health.p50} ms)`);
    console.log(
      `  one round of ${monitors} monitors over 24 h: p50 ${evaluation.p50} ms, p95 ${evaluation.p95} ms (×${result.evaluation_over_plain_count_p50} of counting the day's calls, p50 ${plain.p50} ms)`,
    );
    console.log(`  written to ${writeResult("monitors", result)}`);
    return result;
  } finally {
    await bench.close();
  }
}
