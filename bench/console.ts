// The console's reads on the bench data set (200,000 calls with 20 turns by
// default): the server response time of the calls list (first page, one
// agent, text search, deep in the list) and of a call page with 500 turns
// and 2,000 events; and in the same run the data layer alone against plain
// SQL doing the same reads.
import type pg from "pg";
import { callFiltersSchema } from "@/lib/calls/call-filters";
import { encodeCursor } from "@/lib/http/cursor";
import { getCall } from "@/lib/calls/get-call";
import { listCalls } from "@/lib/calls/list-calls";
import { openBenchDatabase, seedLargeCall } from "./seed";
import { startApp } from "./start-app";
import { fetchPage, ROOT, round, sample, signInCookie, stop, writeResult } from "./support";

const LARGE_CALL = "MZbenchlargecall";
/** Searches of every shape: a word in most calls, the start of one, a word and a phrase in one call, a word in none. */
const SEARCHES = { common_word: "refund", word_start: "refu", rare_word: "ordinary", rare_phrase: '"fairly ordinary"', absent_word: "zzqxv" };
const SEARCH_GOAL_MS = 300;

/** The pages of the console timed on every data set, whatever its size. */
export const CONSOLE_PAGES = {
  list_first_page: "/calls",
  list_text_search: "/calls?q=refund",
  call_page_500_turns_2000_events: `/calls/${LARGE_CALL}`,
};

/** The call of 500 turns and 2,000 events that CONSOLE_PAGES opens; its words are in no other call. */
export async function seedConsoleCall(client: pg.Client) {
  await seedLargeCall(client, LARGE_CALL, 500, 2000);
  // The rare word and phrase of the searches.
  await client.query("update calls set search_vector = to_tsvector('simple', 'a fairly ordinary sentence') where id = $1", [LARGE_CALL]);
}

export async function runConsole(calls: number, samples = 30) {
  const bench = await openBenchDatabase(ROOT, calls);
  const { client, pool } = bench;
  try {
    await seedConsoleCall(client);
    const deep = await client.query("select sort_time::text as v, id from calls order by sort_time desc, id desc offset $1 limit 1", [
      Math.floor(calls * 0.95),
    ]);
    const deepCursor = encodeCursor({ v: deep.rows[0].v, id: deep.rows[0].id });

    const { app, base } = await startApp(bench);
    const cookie = await signInCookie(base);
    const page = (p: string) => () => fetchPage(base + p, cookie);
    const endToEnd = {
      list_first_page: await sample(samples, page(CONSOLE_PAGES.list_first_page)),
      list_one_agent: await sample(samples, page("/calls?agent=agent_bench_2")),
      list_text_search: await sample(samples, page(CONSOLE_PAGES.list_text_search)),
      list_deep_page: await sample(samples, page(`/calls?cursor=${deepCursor}`)),
      call_page_500_turns_2000_events: await sample(samples, page(CONSOLE_PAGES.call_page_500_turns_2000_events)),
    } as Record<string, Awaited<ReturnType<typeof sample>>>;
    for (const [name, q] of Object.entries(SEARCHES)) endToEnd[`search_${name}`] = await sample(samples, page(`/calls?q=${encodeURIComponent(q)}`));
    await stop(app);

    const f = (q: Record<string, string>) => callFiltersSchema.parse({ limit: "50", ...q });
    const plainList = (where: string, params: unknown[]) => () =>
      pool.query(
        `select id, agent_id, status, start_time, sort_time, duration_s, turn_count, ttfb_p50, ttfb_max, deployment_id, end_reason, recording_status
         from calls ${where} order by sort_time desc, id desc limit 51`,
        params,
      );
    // Sub-millisecond reads: many samples, so that the ratio is not the noise of a few.
    const layerSamples = Math.max(samples * 5, 200);
    // Each read is warmed up first, so that neither side pays for the other's cold start.
    const warmed = async (n: number, run: () => Promise<unknown>) => {
      for (let i = 0; i < 20; i++) await run();
      return sample(n, run);
    };
    const dataLayer = {
      list_first_page: { layer: await warmed(layerSamples, () => listCalls(pool, f({}))), plain: await warmed(layerSamples, plainList("", [])) },
      list_one_agent: {
        layer: await warmed(layerSamples, () => listCalls(pool, f({ agent: "agent_bench_2" }))),
        plain: await warmed(layerSamples, plainList("where agent_id = $1", ["agent_bench_2"])),
      },
      list_deep_page: {
        layer: await warmed(layerSamples, () => listCalls(pool, f({ cursor: deepCursor }))),
        plain: await warmed(layerSamples, plainList("where (sort_time, id) < ($1::timestamptz, $2)", [deep.rows[0].v, deep.rows[0].id])),
      },
      call_500_turns_2000_events: {
        layer: await warmed(layerSamples, () => getCall(pool, LARGE_CALL)),
        plain: await warmed(layerSamples, async () => {
          await pool.query("select * from calls where id = $1", [LARGE_CALL]);
          await pool.query("select t.*, (select json_agg(tc) from tool_calls tc where tc.turn_id = t.id) from turns t where call_id = $1 order by start_s", [
            LARGE_CALL,
          ]);
          await pool.query("select * from call_events where call_id = $1 order by offset_s, id", [LARGE_CALL]);
        }),
      },
    };
    const ratios = Object.fromEntries(Object.entries(dataLayer).map(([k, v]) => [k, round(v.layer.p50 / v.plain.p50, 2)]));
    const result = { calls, samples, end_to_end_ms: endToEnd, data_layer_ms: dataLayer, data_layer_over_plain_sql_p50: ratios };
    for (const [k, v] of Object.entries(endToEnd))
      console.log(`  ${k.padEnd(34)} p50 ${v.p50} ms  p95 ${v.p95} ms${k.startsWith("search_") ? `  (goal ${SEARCH_GOAL_MS} ms at 1,000,000 calls)` : ""}`);
    // The plans the searches ran, as Postgres chose them: each statement explained under the settings it ran with.
    for (const [name, q] of Object.entries({ common_word: SEARCHES.common_word, rare_word: SEARCHES.rare_word })) {
      const statements: { text: string; values?: unknown[]; settings: string[] }[] = [];
      let settings: string[] = [];
      const watched = new Proxy(pool, {
        get: (target, key) =>
          key === "query"
            ? (config: { text: string; values: unknown[] }) => (statements.push({ ...config, settings: [] }), target.query(config))
            : key === "connect"
              ? async () => {
                  const c = await target.connect();
                  settings = [];
                  return new Proxy(c, {
                    get: (t, k) =>
                      k === "query"
                        ? (text: string, values?: unknown[]) => {
                            if (/^set local /i.test(text)) settings.push(text);
                            else if (values) statements.push({ text, values, settings: [...settings] });
                            return t.query(text, values);
                          }
                        : Reflect.get(t, k),
                  });
                }
              : Reflect.get(target, key),
      });
      await listCalls(watched, f({ q }));
      const last = statements.at(-1)!;
      const explainer = await pool.connect();
      let plan;
      try {
        await explainer.query("begin");
        for (const setting of last.settings) await explainer.query(setting);
        plan = await explainer.query(`explain ${last.text}`, last.values);
        await explainer.query("rollback");
      } finally {
        explainer.release();
      }
      console.log(
        `  plan of the search for ${name} (${statements.length} statement(s), the last${last.settings.length ? `, with ${last.settings.join("; ")}` : ""}):`,
      );
      for (const row of plan.rows.slice(0, 8)) console.log(`    ${row["QUERY PLAN"]}`);
    }
    for (const [k, v] of Object.entries(dataLayer))
      console.log(`  data layer ${k.padEnd(28)} p50 ${v.layer.p50} ms vs plain SQL ${v.plain.p50} ms (×${ratios[k]})`);
    console.log(`  written to ${writeResult("console", result)}`);
    return result;
  } finally {
    await bench.close();
  }
}
