// The latency page on the bench data set: the 30-day percentile chart, the
// per-agent table and the histogram, end to end through the server; the data
// layer alone (one query over the hourly histograms, merged in JS); and in the
// same run the same figures by plain SQL percentile_cont over the raw turns.
import { callMonthOf } from "@/lib/db/call-month";
import { latencyFigures } from "@/lib/latency/get-latency";
import { stageLatency } from "@/lib/latency/get-stage-latency";
import { latencyFiltersSchema } from "@/lib/latency/latency-filters";
import { openBenchDatabase, seedLargeCall } from "./seed";
import { startApp } from "./start-app";
import { fetchPage, ROOT, round, sample, signInCookie, stop, summary, writeResult } from "./support";

const WATERFALL_CALL = "MZbenchwaterfall";
const PLAIN_CALL = "MZbenchnowaterfall";

/** The 30-day latency page end to end: its first read after a start, then `samples` of it. */
export async function measureLatencyPage(base: string, cookie: string, samples: number) {
  // The first read after a start holds no histogram yet: every one is sent and decoded, every bootstrap run.
  // The server's code is loaded and compiled first, by the page for an agent with no calls (which reads no histogram).
  await fetchPage(`${base}/latency?range=30d&agent=agent_without_calls`, cookie);
  const firstAt = performance.now();
  await fetchPage(`${base}/latency?range=30d`, cookie);
  const firstRead = round(performance.now() - firstAt, 1);
  return { firstRead, page: await sample(samples, () => fetchPage(`${base}/latency?range=30d`, cookie)) };
}

export async function runLatency(calls: number, samples = 10) {
  const bench = await openBenchDatabase(ROOT, calls);
  const { pool, client } = bench;
  try {
    // A call of 200 turns (100 answered) twice: once with each answer's stages, once measured before stages were (no waterfall).
    for (const [id, staged] of [
      [WATERFALL_CALL, true],
      [PLAIN_CALL, false],
    ] as const) {
      await seedLargeCall(client, id, 200, 200);
      await client.query(
        `insert into call_conversations (call_id, source, dead_air, "overlaps", interruptions, dead_air_s) values ($1, 'timestamps', '[]', '[]', 0, 0)
         on conflict (call_id) do nothing`,
        [id],
      );
      await client.query(
        `insert into response_gaps (call_id, call_month, turn_index, user_turn_index, gap_ms, endpointing_ms, stt_ms, llm_ms, tts_ms, unattributed_ms, measured_by)
         select $1, ${callMonthOf("$1")}, k, k - 1, 500, case when $2 then 200 end, case when $2 then 90 end, case when $2 then 300 + k end, case when $2 then 220 end,
                case when $2 then -10.0 - k end, case when $2 then 'timestamps' end
         from generate_series(2, 198, 2) k`,
        [id, staged],
      );
    }
    const { app, base } = await startApp(bench);
    const cookie = await signInCookie(base);
    const { firstRead, page } = await measureLatencyPage(base, cookie, samples);
    // Local days that are not UTC days: the day histograms with the hours at their edges moved.
    const pageBerlin = await sample(samples, () => fetchPage(`${base}/latency?range=30d&tz=Europe/Berlin`, cookie));
    // Response gaps have no histograms: percentile_cont over the gap rows of 30 days.
    const pageGaps = await sample(samples, () => fetchPage(`${base}/latency?range=30d&metric=response_gap`, cookie));
    const pageStagesByDeployment = await sample(samples, () => fetchPage(`${base}/latency?range=30d&stages=deployment`, cookie));
    // The call page's waterfall: the same 200 turns with and without stages, alternated so that both see the same load.
    const callPage: { waterfall: number[]; plain: number[] } = { waterfall: [], plain: [] };
    for (let i = 0; i < samples * 3; i++) {
      for (const [key, id] of [
        ["waterfall", WATERFALL_CALL],
        ["plain", PLAIN_CALL],
      ] as const) {
        const at = performance.now();
        const html = await fetchPage(`${base}/calls/${id}`, cookie);
        callPage[key].push(performance.now() - at);
        // The transcript is a virtual list drawn in the browser: the page carries each turn's stages for it.
        if (i === 0 && key === "waterfall" && !html.includes("unattributed_ms")) throw new Error("the call page carries no stages");
      }
    }
    await stop(app);
    const filters = latencyFiltersSchema.parse({ range: "30d" });
    const layer = { all_figures: await sample(samples, () => latencyFigures(pool, filters)) };
    // As the page asks for it: no stage is charted over time there.
    const stageLayer = await sample(samples, () => stageLatency(pool, filters, undefined, { series: false }));
    const call = { waterfall: summary(callPage.waterfall), plain: summary(callPage.plain) };
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
      page_30d_stages_by_deployment_ms: pageStagesByDeployment,
      page_30d_first_read_after_start_ms: firstRead,
      stage_view_data_layer_ms: stageLayer,
      stage_view_over_figures_p95: round(stageLayer.p95 / layer.all_figures.p95, 2),
      call_page_200_turns_ms: call,
      call_page_waterfall_extra_p50_ms: round(call.waterfall.p50 - call.plain.p50, 1),
      call_page_waterfall_ratio_p50: round(call.waterfall.p50 / call.plain.p50, 3),
    };
    console.log(`  /latency?range=30d end to end: p50 ${page.p50} ms, p95 ${page.p95} ms`);
    console.log(`  /latency?range=30d&tz=Europe/Berlin end to end: p50 ${pageBerlin.p50} ms, p95 ${pageBerlin.p95} ms`);
    console.log(`  /latency?range=30d&metric=response_gap end to end: p50 ${pageGaps.p50} ms, p95 ${pageGaps.p95} ms`);
    console.log(`  data layer, every figure in one query: p50 ${layer.all_figures.p50} ms, p95 ${layer.all_figures.p95} ms`);
    for (const k of Object.keys(plain))
      console.log(`  plain SQL ${k.padEnd(12)} p50 ${plain[k as keyof typeof plain].p50} ms, p95 ${plain[k as keyof typeof plain].p95} ms`);
    console.log(`  data layer / plain SQL (the three together): ×${ratio}`);
    console.log(
      `  stage view (6 stage figures, groups and deployment shifts): p50 ${stageLayer.p50} ms, p95 ${stageLayer.p95} ms, beside today's figures p95 ${layer.all_figures.p95} ms (×${result.stage_view_over_figures_p95})`,
    );
    console.log(
      `  /latency?range=30d with the stage view: p95 ${page.p95} ms (per deployment: p95 ${pageStagesByDeployment.p95} ms); goal 500 ms at 1,000,000 calls, measured at ${calls.toLocaleString("en")} calls`,
    );
    console.log(`  /latency?range=30d, the first read after a start (no histogram held yet): ${firstRead} ms`);
    console.log(
      `  call page of 200 turns: with waterfalls p50 ${call.waterfall.p50} ms, without p50 ${call.plain.p50} ms: +${result.call_page_waterfall_extra_p50_ms} ms (×${result.call_page_waterfall_ratio_p50}); goal under +20 ms`,
    );
    console.log(`  written to ${writeResult("latency", result)}`);
    return result;
  } finally {
    await bench.close();
  }
}
