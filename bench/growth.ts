// The growth curve: the figures that should stay flat as the data grows, at
// each size of the bench data set (10,000, 100,000 and 1,000,000 calls by
// default; each set generated once into .data/bench-<calls> and reused). At
// each size the same run measures each figure's baseline: /api/health of the
// same server for the pages, a plain count of the day's calls for the
// monitor round, and the plain node:http + pg server on the same database
// for webhook ingest. One JSON file in bench/results, and bench/growth.svg.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { CONSOLE_PAGES, seedConsoleCall } from "./console";
import { growthChart } from "./growth-chart";
import { backlog, delivery, INGEST_ENV, startBaseline, waitDrained, warmLoad } from "./ingest";
import { removeLoadCalls } from "./ingest-scale";
import { measureLatencyPage } from "./latency";
import { measureMonitorRound, measureScrape, MONITORS_ENV } from "./monitors";
import { openBenchDatabase } from "./seed";
import { startApp } from "./start-app";
import { fetchPage, ROOT, round, sample, signInCookie, stop, writeResult } from "./support";

export const GROWTH_SIZES = [10_000, 100_000, 1_000_000];
const PREFIX = "MZbenchgrowth";
const BASELINE_PREFIX = "MZbenchgrowthbase";

/** A figure at one size, in ms: p50 and p95 (p99 for ingest), and its baseline's p50. */
type Point = { p50: number; p95?: number; p99?: number; baseline_p50: number; over_baseline_p50: number };

async function measureSize(calls: number, samples: number, seconds: number) {
  const bench = await openBenchDatabase(ROOT, calls);
  try {
    await seedConsoleCall(bench.client);
    const { app, base } = await startApp(bench, { ...INGEST_ENV, ...MONITORS_ENV });
    const figures: Record<string, Point> = {};
    let appIngest;
    try {
      // What the server finds queued at its start (the causes of a set just seeded, say) is done before anything is timed.
      const waited = await waitDrained(bench.pool, 600_000);
      if (waited === null) console.log(`    background work still queued after 600 s: ${JSON.stringify(await backlog(bench.pool))}`);
      const cookie = await signInCookie(base);
      const point = (s: { p50: number; p95: number }, b = { p50: NaN }): Point => ({
        p50: s.p50,
        p95: s.p95,
        baseline_p50: b.p50,
        over_baseline_p50: round(s.p50 / b.p50, 2),
      });
      const page = (p: string) => sample(samples, () => fetchPage(base + p, cookie));
      figures.calls_list = point(await page(CONSOLE_PAGES.list_first_page));
      figures.text_search = point(await page(CONSOLE_PAGES.list_text_search));
      figures.call_page = point(await page(CONSOLE_PAGES.call_page_500_turns_2000_events));
      figures.latency_page = point((await measureLatencyPage(base, cookie, samples)).page);
      // /api/health, the pages' baseline, beside /metrics once the server has served every page.
      const { health, scrape } = await measureScrape(base, cookie, samples);
      for (const figure of Object.values(figures)) Object.assign(figure, { baseline_p50: health.p50, over_baseline_p50: round(figure.p50 / health.p50, 2) });
      figures.metrics = point(scrape, health);
      // Ingest last: the background work its deliveries queue would otherwise run beside the reads.
      appIngest = await warmLoad(base, seconds, (n) => delivery(n, PREFIX, new Date()));
    } finally {
      await stop(app);
    }
    // The baseline on the same database, with the app (and its background work) stopped.
    const baseline = await startBaseline(bench.url);
    let plain;
    try {
      plain = await warmLoad(baseline.base, seconds, (n) => delivery(n, BASELINE_PREFIX, new Date()));
    } finally {
      await stop(baseline.child);
    }
    // Request latency under 50 connections: its p50 is about 50 over the throughput, the cost of a delivery.
    figures.webhook_ingest = {
      p50: appIngest.p50_ms,
      p99: appIngest.p99_ms,
      baseline_p50: plain.p50_ms,
      over_baseline_p50: round(appIngest.p50_ms / plain.p50_ms, 2),
    };
    // The load's calls would be the day's calls of the monitor round.
    await removeLoadCalls(bench.url, PREFIX);
    const round_ = await measureMonitorRound(bench.pool, samples);
    figures.monitor_round = {
      p50: round_.evaluation.p50,
      p95: round_.evaluation.p95,
      baseline_p50: round_.plain.p50,
      over_baseline_p50: round(round_.evaluation.p50 / round_.plain.p50, 1),
    };
    return { calls, figures, ingest: { callscope: appIngest, baseline: plain }, monitors: round_.monitors };
  } finally {
    await removeLoadCalls(bench.url, PREFIX);
    await bench.close();
  }
}

export async function runGrowth(sizes = GROWTH_SIZES, samples = 10, seconds = 10) {
  const points: Awaited<ReturnType<typeof measureSize>>[] = [];
  for (const calls of sizes) {
    console.log(`  ${calls.toLocaleString("en-US")} calls…`);
    const at = performance.now();
    const measured = await measureSize(calls, samples, seconds);
    points.push(measured);
    for (const [name, f] of Object.entries(measured.figures))
      console.log(
        `    ${name.padEnd(16)} p50 ${f.p50} ms  ${f.p99 === undefined ? `p95 ${f.p95}` : `p99 ${f.p99}`} ms  baseline p50 ${f.baseline_p50} ms  ×${f.over_baseline_p50}`,
      );
    console.log(`    (${((performance.now() - at) / 1000).toFixed(0)} s)`);
  }
  // Each figure's growth between consecutive sizes, by its p50.
  const growth = Object.fromEntries(
    Object.keys(points[0].figures).map((name) => [
      name,
      points.slice(1).map((p, i) => ({ from: points[i].calls, to: p.calls, p50: round(p.figures[name].p50 / points[i].figures[name].p50, 2) })),
    ]),
  );
  const result = { sizes, samples, seconds, points, growth };
  for (const [name, steps] of Object.entries(growth))
    console.log(`  ${name.padEnd(16)} ${steps.map((s) => `${s.from.toLocaleString("en-US")}→${s.to.toLocaleString("en-US")}: ×${s.p50}`).join(", ")}`);
  console.log(`  written to ${writeResult("growth", result)}`);
  const svg = path.join(ROOT, "bench/growth.svg");
  writeFileSync(
    svg,
    growthChart(
      sizes,
      Object.keys(points[0].figures).map((name) => ({ name, values: points.map((p) => p.figures[name].p50) })),
    ),
  );
  console.log(`  chart in ${path.relative(ROOT, svg)}`);
  return result;
}
