// The bench data set, generated inside Postgres (INSERT … SELECT over
// generate_series), which is faster than any client-side COPY: calls spread
// over 30 days across agents and deployments, each with its turns, tts_ttfb
// on assistant turns, a tsvector for search, and a few events.
import { callMonthOf } from "@/lib/db/call-month";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { rebuildChangedHours } from "@/lib/latency/rollup";

const WORDS = [
  "appointment",
  "tuesday",
  "cleaning",
  "insurance",
  "refund",
  "order",
  "pizza",
  "router",
  "firmware",
  "billing",
  "password",
  "delivery",
  "address",
  "weekend",
  "doctor",
  "prescription",
  "invoice",
  "upgrade",
  "cancel",
  "schedule",
];

export type SeedOptions = { calls: number; turnsPerCall: number; agents: number; deploymentsPerAgent: number };

export async function seededSize(client: pg.Client) {
  const { rows } = await client.query("select (select value from settings where key = 'bench_seed') as v");
  return rows[0].v as SeedOptions | null;
}

/** Whether the stored data set was made with these options (jsonb does not keep key order). */
export function sameSeed(have: SeedOptions | null, wanted: SeedOptions) {
  return !!have && (Object.keys(wanted) as (keyof SeedOptions)[]).every((k) => have[k] === wanted[k]);
}

export async function seed(client: pg.Client, options: SeedOptions, log: (line: string) => void) {
  const { calls, turnsPerCall, agents, deploymentsPerAgent } = options;
  await client.query(
    "truncate calls, turns, tool_calls, call_events, recordings, webhook_deliveries, deployments, deployment_logs, agents, latency_hourly, latency_changes cascade",
  );
  await client.query(`insert into agents (id) select 'agent_bench_' || g from generate_series(1, $1) g`, [agents]);
  await client.query(
    `insert into deployments (id, agent_id, status, is_live, git_commit_hash, created_at)
     select 'dep_bench_' || a || '_' || d, 'agent_bench_' || a, case when d = $2::int then 'deployed' else 'inactive' end, d = $2::int,
            substr(md5(a::text || d::text), 1, 7), now() - interval '30 days' + (d - 1) * interval '1 day' * (30.0 / $2::int)
     from generate_series(1, $1::int) a, generate_series(1, $2::int) d`,
    [agents, deploymentsPerAgent],
  );
  let t = Date.now();
  // Calls: sort_time spread evenly over 30 days; ids sortable like Cartesia's.
  await client.query(
    `insert into calls (id, agent_id, deployment_id, status, start_time, start_time_source, end_time, end_time_source, sort_time,
                        turn_count, duration_s, transcript_final, fields_rank, recording_status)
     select 'MZbench' || lpad(g::text, 9, '0'),
            'agent_bench_' || (1 + g % $2::int),
            'dep_bench_' || (1 + g % $2::int) || '_' || least($3::int, 1 + floor((g::float8 / $1::int) * $3::int)::int),
            case when g % 17 = 0 then 'failed' else 'completed' end,
            now() - interval '30 days' + (g::float8 / $1::int) * interval '30 days', 'call',
            now() - interval '30 days' + (g::float8 / $1::int) * interval '30 days' + interval '90 seconds', 'call',
            now() - interval '30 days' + (g::float8 / $1::int) * interval '30 days',
            $4::int, 90, true, 3, case when g % 3 = 0 then 'stored' else 'none' end
     from generate_series(1, $1::int) g`,
    [calls, agents, deploymentsPerAgent, turnsPerCall],
  );
  log(`  calls: ${calls} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  // Turns in chunks, so that memory stays flat and progress shows.
  const chunk = 20_000;
  // One statement stored every call, so all are of one month (none before the monthly partitions: bench/partitions.ts).
  const { rows: month } = await client.query(
    `select case when exists (select 1 from pg_attribute where attrelid = 'calls'::regclass and attname = 'call_month')
       then (select to_jsonb(c) ->> 'call_month' from calls c where id = 'MZbench' || lpad('1', 9, '0')) end as m`,
  );
  const monthColumn = month[0].m ? ", call_month" : "";
  const monthValue = month[0].m ? ", $5::date" : "";
  for (let from = 1; from <= calls; from += chunk) {
    const to = Math.min(calls, from + chunk - 1);
    await client.query(
      `insert into turns (call_id${monthColumn}, position, role, text, start_s, end_s, start_ms, tts_ttfb, source, final)
       select 'MZbench' || lpad(g::text, 9, '0')${monthValue}, k,
              case when k % 2 = 0 then 'assistant' else 'user' end,
              'turn ' || k || ' about ' || ($4::text[])[1 + (g * 7 + k * 13) % array_length($4::text[], 1)]
                 || ' and ' || ($4::text[])[1 + (g * 3 + k) % array_length($4::text[], 1)],
              k * 4.0 + 0.5, k * 4.0 + 3.5, (k * 4000 + 500),
              case when k % 2 = 0 then 0.15 + ((g * 31 + k * 17) % 1000) / 2500.0 + (g % 5) * 0.01 else null end,
              'body', true
       from generate_series($1::int, $2::int) g, generate_series(0, $3 - 1) k`,
      [from, to, turnsPerCall, WORDS, ...(month[0].m ? [month[0].m] : [])],
    );
    if (process.stdout.isTTY) process.stdout.write(`\r  turns: ${to * turnsPerCall}/${calls * turnsPerCall}`);
  }
  if (process.stdout.isTTY) process.stdout.write("\n");
  log(`  turns: ${calls * turnsPerCall} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  await client.query(
    `update calls c set ttfb_p50 = s.p50, ttfb_max = s.mx, search_vector = to_tsvector('simple', s.txt)
     from (select call_id, percentile_cont(0.5) within group (order by tts_ttfb) p50, max(tts_ttfb) mx, string_agg(text, ' ') txt
           from turns group by call_id) s
     where s.call_id = c.id`,
  );
  log(`  call figures and search vectors in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  await client.query("vacuum analyze");
  await client.query(`insert into settings (key, value) values ('bench_seed', $1) on conflict (key) do update set value = excluded.value, updated_at = now()`, [
    JSON.stringify(options),
  ]);
}

/** A call with many turns and events, for the call page benchmark. */
export async function seedLargeCall(client: pg.Client, id: string, turns: number, events: number) {
  await client.query("delete from calls where id = $1", [id]);
  await client.query(
    `insert into calls (id, agent_id, status, start_time, start_time_source, sort_time, turn_count, transcript_final)
     values ($1, 'agent_bench_1', 'completed', now() - interval '1 hour', 'call', now() - interval '1 hour', $2, true)`,
    [id, turns],
  );
  await client.query(
    `insert into turns (call_id, call_month, position, role, text, start_s, end_s, start_ms, tts_ttfb, source, final)
     select $1, ${callMonthOf("$1")}, k, case when k % 2 = 0 then 'assistant' else 'user' end, 'a fairly ordinary sentence number ' || k,
            k * 3.0, k * 3.0 + 2.5, k * 3000, case when k % 2 = 0 then 0.2 + (k % 10) / 50.0 end, 'body', true
     from generate_series(0, $2 - 1) k`,
    [id, turns],
  );
  await client.query(
    `insert into call_events (call_id, call_month, kind, name, value, metadata, offset_s, source)
     select $1, ${callMonthOf("$1")}, case when k % 3 = 0 then 'log_metric' when k % 3 = 1 then 'log_event' else 'log' end,
            'event_' || (k % 20), to_jsonb(k), jsonb_build_object('k', k), k * ($2 * 3.0 / $3), 'telemetry'
     from generate_series(1, $3) k`,
    [id, turns, events],
  );
}

/**
 * The bench database in .data/bench (.data/bench-<calls> for another size
 * than the default), migrated and holding the data set for `calls` (made
 * when it is missing, and kept for the next run).
 */
export async function openBenchDatabase(root: string, calls: number) {
  // The default size keeps its folder; another size gets one of its own, so neither is seeded again for the other.
  const dataDir = path.join(root, calls === 200_000 ? ".data/bench/postgres" : `.data/bench-${calls}/postgres`);
  const server = await startEmbeddedPostgres({ dataDir });
  await applyMigrations(server.url);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const pool = new pg.Pool({ connectionString: server.url, max: 4 });
  const wanted = { calls, turnsPerCall: 20, agents: 6, deploymentsPerAgent: 4 };
  if (!sameSeed(await seededSize(client), wanted)) {
    console.log(`seeding ${calls} calls × 20 turns (kept in ${path.relative(root, path.dirname(dataDir))} for the next run)…`);
    await seed(client, wanted, console.log);
  }
  // Response gaps from the turns' timestamps (as lib/conversation defines them), for the latency page's gap figures.
  const { rows: gaps } = await client.query("select exists (select 1 from response_gaps) as present");
  if (!gaps[0].present) {
    const at = performance.now();
    await client.query(
      `insert into response_gaps (call_id, call_month, turn_index, user_turn_index, gap_ms)
       select call_id, call_month, i, i - 1, (start_s - previous_end) * 1000
       from (select call_id, call_month, role, start_s, row_number() over w - 1 as i,
                    lag(role) over w as previous_role, lag(coalesce(end_s, start_s)) over w as previous_end
             from turns where role in ('user', 'assistant') window w as (partition by call_id order by position)) t
       where role = 'assistant' and previous_role = 'user'`,
    );
    console.log(`  response gaps of every call in ${((performance.now() - at) / 1000).toFixed(1)} s`);
  }
  // Each gap's stages, as lib/conversation/waterfall.ts stores them: endpointing, speech-to-text and text-to-speech
  // (the assistant turn's tts_ttfb) on every agent's turns, the LLM on four agents of six; the rest unattributed.
  // Only the seeded calls count: a benchmark's own calls may stand for gaps measured before stages were.
  const { rows: staged } = await client.query(
    "select exists (select 1 from response_gaps where measured_by is null and call_id ~ '^MZbench[0-9]{9}$') as missing",
  );
  if (staged[0].missing) {
    const at = performance.now();
    await client.query(
      `update response_gaps g set endpointing_ms = s.e, stt_ms = s.s, llm_ms = s.l, tts_ms = s.t,
              unattributed_ms = g.gap_ms - coalesce(s.e, 0) - coalesce(s.s, 0) - coalesce(s.l, 0) - coalesce(s.t, 0), measured_by = 'timestamps'
       from (select g.call_id, g.turn_index, 180 + h % 120 as e, 70 + (h / 7) % 90 as s,
                    case when c.agent_id in ('agent_bench_3', 'agent_bench_6') then null else 250 + (h / 11) % 300 end as l, t.tts_ttfb * 1000 as t
             from response_gaps g join calls c on c.id = g.call_id
             join turns t on t.call_id = g.call_id and t.position = g.turn_index
             cross join lateral (select abs(hashtext(g.call_id || ':' || g.turn_index)) as h) x) s
       where g.call_id = s.call_id and g.turn_index = s.turn_index`,
    );
    // Updates fire no trigger: note every hour, so the histograms are built with the stages.
    await client.query("insert into latency_changes (hour) select distinct date_trunc('hour', sort_time, 'UTC') from calls");
    console.log(`  stages of every response gap in ${((performance.now() - at) / 1000).toFixed(1)} s`);
  }
  // The latency histograms of every hour noted since (all of them after seeding), as the server keeps them.
  const started = performance.now();
  const rebuilt = await rebuildChangedHours(pool, 0);
  if (rebuilt) console.log(`  latency histograms of ${rebuilt} hours in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return {
    url: server.url,
    dataDir: path.dirname(dataDir),
    client,
    pool,
    close: async () => {
      await pool.end();
      await client.end();
      await server.stop();
    },
  };
}
