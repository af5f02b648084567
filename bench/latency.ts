// The latency page on the bench data set: the 30-day percentile chart, the
// per-agent table and the histogram, end to end through the server; the data
// layer alone (one query over the hourly histograms, merged in JS); and in the
// same run the same figures by plain SQL percentile_cont over the raw turns.
import { freePort } from "@/lib/db/embedded-postgres";
import { latencyFigures } from "@/lib/latency/get-latency";
import { latencyFiltersSchema } from "@/lib/latency/latency-filters";
import { openBenchDatabase } from "./seed";
import { fetchPage, ROOT, round, sample, signInCookie, startNext, stop, waitHealthy, writeResult } from "./support";

export async function runLatency(calls: number, samples = 10) {
  const bench = await openBenchDatabase(ROOT, calls);
  const { pool } = bench;
  try {
    const port = await freePort();
    const app = startNext({ DATABASE_URL: bench.url, CARTESIA_WEBHOOK_SECRETS: "bench", CALLSCOPE_DATA_DIR: bench.dataDir }, port);
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base, app);
    const cookie = await signInCookie(base);
    const page = await sample(samples, () => fetchPage(`${base}/latency?range=30d`, cookie));
    // Local days that are not UTC days: the day histograms with the hours at their edges moved.
    const pageBerlin = await sample(samples, () => fetchPage(`${base}/latency?range=30d&tz=Europe/Berlin`, cookie));
    // Response gaps have no histograms: percentile_cont over the gap rows of 30 days.
    const pageGaps = await sample(samples, () => fetchPage(`${base}/latency?range=30d&metric=response_gap`, cookie));
    await stop(app);
    const filters = latencyFiltersSchema.parse({ range: "30d" });
    const layer = { all_figures: await sample(samples, () => latencyFigures(pool, filters)) };
    const since = "now() - interval '30 days'";
    // The baselines read every turn of 30 days (10 million assistant turns at a million calls, ~20 s each): a few runs.
    const baselineSamples = Math.min(samples, 3);
    const plain = {
      chart: await sample(baselineSamples, () =>
        pool.query(`select date_trunc('day', c.sort_time, 'UTC') d, percentile_cont(array[0.5,0.9,0.95,0.99]) within group (order by t.tts_ttfb)
                    from calls c join turns t on t.call_id = c.id where c.sort_time >= ${since} and t.tts_ttfb is not null group by 1`),
      ),
      agent_table: await sample(baselineSamples, () =>
        pool.query(`select c.agent_id, percentile_cont(array[0.5,0.95,0.99]) within group (order by t.tts_ttfb), max(t.tts_ttfb)
                    from calls c join turns t on t.call_id = c.id where c.sort_time >= ${since} and t.tts_ttfb is not null group by 1`),
      ),
      histogram: await sample(baselineSamples, () =>
        pool.query(`select least(floor(t.tts_ttfb * 40)::int, 80), count(*) from calls c join turns t on t.call_id = c.id
                    where c.sort_time >= ${since} and t.tts_ttfb is not null group by 1`),
      ),
    };
    const plainTotal = plain.chart.p50 + plain.agent_table.p50 + plain.histogram.p50;
    const ratio = round(layer.all_figures.p50 / plainTotal, 3);
    const result = {
      calls,
      samples,
      page_30d_ms: page,
      page_30d_europe_berlin_ms: pageBerlin,
      page_30d_response_gap_ms: pageGaps,
      data_layer_ms: layer,
      plain_sql_ms: plain,
      data_layer_over_plain_sql_p50: ratio,
    };
    console.log(`  /latency?range=30d end to end: p50 ${page.p50} ms, p95 ${page.p95} ms`);
    console.log(`  /latency?range=30d&tz=Europe/Berlin end to end: p50 ${pageBerlin.p50} ms, p95 ${pageBerlin.p95} ms`);
    console.log(`  /latency?range=30d&metric=response_gap end to end: p50 ${pageGaps.p50} ms, p95 ${pageGaps.p95} ms`);
    console.log(`  data layer, every figure in one query: p50 ${layer.all_figures.p50} ms, p95 ${layer.all_figures.p95} ms`);
    for (const k of Object.keys(plain))
      console.log(`  plain SQL ${k.padEnd(12)} p50 ${plain[k as keyof typeof plain].p50} ms, p95 ${plain[k as keyof typeof plain].p95} ms`);
    console.log(`  data layer / plain SQL (the three together): ×${ratio}`);
    console.log(`  written to ${writeResult("latency", result)}`);
    return result;
  } finally {
    await bench.close();
  }
}
