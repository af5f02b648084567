// The Problems page at scale: a million calls over 30 days (by default), 5 %
// of them failing with one of 500 errors (each with its own numbers and
// request ids, as real errors carry), few causes common and most rare.
//   - Fingerprinting: the cause worker's pass over queued calls, in calls a
//     second, against the webhook ingest rate measured in the same run on the
//     same database (it keeps up when it is faster).
//   - Reading: GET /problems and GET /api/v1/causes end to end (goal: p95
//     under 300 ms), and the data layer against a plain GROUP BY over
//     call_causes doing the counting alone.
import path from "node:path";
import pg from "pg";
import { causeFiltersSchema } from "@/lib/causes/cause-filters";
import { listCauses } from "@/lib/causes/get-causes";
import { workOutCauses } from "@/lib/causes/work-out-causes";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { load, SECRET } from "./ingest";
import { startApp } from "./start-app";
import { fetchPage, ROOT, round, sample, signInCookie, stop, writeResult } from "./support";

const CAUSES = 500;
const WORDS = [
  "booking",
  "payment",
  "crm",
  "calendar",
  "inventory",
  "sms",
  "email",
  "transfer",
  "lookup",
  "auth",
  "geo",
  "weather",
  "menu",
  "order",
  "refund",
  "ticket",
  "notes",
  "voicemail",
  "survey",
  "billing",
];

/** Seeds `calls` calls (5 % failed) in chunks; the insert trigger queues each finished one for the cause worker. */
async function seedCalls(client: pg.Client, calls: number) {
  await client.query("truncate calls, causes, call_causes, cause_queue, cause_state_changes, deployments, agents cascade");
  await client.query("insert into agents (id) select 'agent_bench_' || g from generate_series(1, 6) g");
  await client.query(
    `insert into deployments (id, agent_id, status, is_live, git_commit_hash, created_at)
     select 'dep_bench_' || a || '_' || d, 'agent_bench_' || a, case when d = 4 then 'deployed' else 'inactive' end, d = 4,
            substr(md5(a::text || d::text), 1, 7), now() - interval '30 days' + (d - 1) * interval '7.5 days'
     from generate_series(1, 6) a, generate_series(1, 4) d`,
  );
  const chunk = 100_000;
  for (let from = 1; from <= calls; from += chunk) {
    const to = Math.min(calls, from + chunk - 1);
    // The error of a failing call: one of 500 (three words from the list), skewed so that a few are common,
    // with a duration, a request id and a query string of its own.
    await client.query(
      `insert into calls (id, agent_id, deployment_id, status, start_time, start_time_source, end_time, end_time_source, sort_time,
                          turn_count, duration_s, transcript_final, fields_rank, recording_status, error_message)
       select 'MZbench' || lpad(g::text, 9, '0'), 'agent_bench_' || (1 + g % 6),
              'dep_bench_' || (1 + g % 6) || '_' || least(4, 1 + floor((g::float8 / $3::int) * 4)::int),
              case when g % 20 = 0 then 'failed' else 'completed' end,
              now() - interval '30 days' + (g::float8 / $3::int) * interval '30 days', 'call',
              now() - interval '30 days' + (g::float8 / $3::int) * interval '30 days' + interval '90 seconds', 'call',
              now() - interval '30 days' + (g::float8 / $3::int) * interval '30 days',
              20, 90, true, 3, 'none',
              case when g % 20 = 0 then
                ($4::text[])[1 + k % 20] || ' ' || ($4::text[])[1 + (k / 20) % 20] || ' ' || ($4::text[])[1 + k / 400]
                || ' service failed after ' || (g % 5000) || ' ms for request req_' || substr(md5(g::text), 1, 10)
                || ' calling https://api.example.com/v1/' || ($4::text[])[1 + k % 20] || '?call=' || g
              end
       from generate_series($1::int, $2::int) g
       cross join lateral (select floor($5::int * power((abs(hashtext(g::text)) % 100000) / 100000.0, 3))::int as k) x`,
      [from, to, calls, WORDS, CAUSES],
    );
    if (process.stdout.isTTY) process.stdout.write(`\r  calls: ${to}/${calls}`);
  }
  if (process.stdout.isTTY) process.stdout.write("\n");
}

/** Drains the cause queue as the worker does, a batch of 500 at a time; returns calls a second. */
async function drain(pool: pg.Pool) {
  const started = performance.now();
  let total = 0;
  for (let taken = 500; taken > 0;) {
    taken = await workOutCauses(pool, { badEndReasons: env().CAUSE_END_REASONS, deadAirS: env().CAUSE_DEAD_AIR_S }, 500);
    total += taken;
    if (process.stdout.isTTY && total % 50_000 < 500) process.stdout.write(`\r  fingerprinted ${total} calls`);
  }
  if (process.stdout.isTTY) process.stdout.write("\n");
  const seconds = (performance.now() - started) / 1000;
  return { calls: total, seconds: round(seconds, 1), calls_per_s: round(total / seconds, 0) };
}

export async function runProblems(calls = 1_000_000, seconds = 10, samples = 30) {
  const dataDir = path.join(ROOT, `.data/bench-problems-${calls}/postgres`);
  const server = await startEmbeddedPostgres({ dataDir });
  await applyMigrations(server.url);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const pool = new pg.Pool({ connectionString: server.url, max: 4 });
  try {
    const { rows: seeded } = await client.query("select value from settings where key = 'bench_problems_seed'");
    let firstPass: Awaited<ReturnType<typeof drain>> | null = null;
    if (seeded[0]?.value?.calls !== calls) {
      console.log(`seeding ${calls} calls, 5 % failing over ${CAUSES} errors (kept in ${path.relative(ROOT, path.dirname(dataDir))} for the next run)…`);
      await seedCalls(client, calls);
      await client.query("vacuum analyze");
      // The first pass over every stored call, as the first start after an upgrade makes it.
      firstPass = await drain(pool);
      console.log(`  first pass over ${firstPass.calls} calls: ${firstPass.seconds} s, ${firstPass.calls_per_s} calls/s`);
      await client.query("vacuum analyze");
      await client.query(
        `insert into settings (key, value) values ('bench_problems_seed', $1) on conflict (key) do update set value = excluded.value, updated_at = now()`,
        [JSON.stringify({ calls })],
      );
    }
    // Fingerprinting: the newest 100,000 calls queued again, as calls are when they finish.
    await client.query("insert into cause_queue (call_id) select id from calls order by sort_time desc limit 100000 on conflict do nothing");
    const again = await drain(pool);
    const { rows: counts } = await client.query(
      "select (select count(*)::int from causes) as causes, (select count(*)::int from call_causes) as occurrences, (select count(*)::int from calls where status = 'failed') as failed",
    );

    const { app, base } = await startApp({ url: server.url, dataDir: path.dirname(dataDir) }, { CARTESIA_WEBHOOK_SECRETS: SECRET });
    let ingest: Awaited<ReturnType<typeof load>>;
    let endToEnd: Record<string, Awaited<ReturnType<typeof sample>>>;
    try {
      const cookie = await signInCookie(base);
      const page = (p: string) => () => fetchPage(base + p, cookie);
      endToEnd = {
        problems_page_7d: await sample(samples, page("/problems")),
        problems_page_30d: await sample(samples, page("/problems?range=30d")),
        problems_page_one_agent: await sample(samples, page("/problems?agent_id=agent_bench_2&range=30d")),
        causes_api_30d: await sample(samples, page("/api/v1/causes?range=30d&limit=50")),
      };
      // The webhook ingest rate on this database, each delivery a new finished call.
      ingest = await load(`${base}/api/webhooks/cartesia`, seconds, 0, (n) =>
        JSON.stringify({
          type: "call_completed",
          request_id: `MZbenchproblemsingest${process.pid}x${n}`,
          agent_id: "agent_bench_1",
          webhook_id: "agent_webhook_bench",
          body: [{ role: "assistant", text: "Hello, how can I help?", start_timestamp: 0.5, end_timestamp: 2.5, tts_ttfb: 0.2 }],
          timestamp: new Date().toISOString(),
        }),
      );
    } finally {
      await stop(app);
    }
    await client.query("delete from calls where id like 'MZbenchproblemsingest%'");
    await client.query("delete from cause_queue");

    const filters = (q: Record<string, string>) => causeFiltersSchema.parse(q);
    const layer = await sample(samples * 3, () => listCauses(pool, filters({ range: "30d" })));
    const plain = await sample(samples * 3, () =>
      pool.query("select cause_id, count(*) from call_causes where seen_at >= now() - interval '30 days' group by cause_id order by 2 desc limit 50"),
    );

    const goal = 300;
    const result = {
      calls,
      samples,
      causes: counts[0].causes,
      failed_calls: counts[0].failed,
      call_causes: counts[0].occurrences,
      first_pass: firstPass,
      fingerprint_100k_newest: again,
      ingest_calls_per_s: ingest.deliveries_per_s,
      fingerprint_over_ingest: round(again.calls_per_s / ingest.deliveries_per_s, 1),
      end_to_end_ms: endToEnd,
      goal_p95_ms: goal,
      data_layer_30d_ms: layer,
      plain_group_by_30d_ms: plain,
      data_layer_over_plain_p50: round(layer.p50 / plain.p50, 2),
    };
    console.log(`  ${calls} calls, ${result.failed_calls} failed, ${result.causes} causes, ${result.call_causes} call causes`);
    console.log(
      `  fingerprinting ${again.calls} queued calls: ${again.calls_per_s} calls/s against webhook ingest ${ingest.deliveries_per_s} calls/s (×${result.fingerprint_over_ingest}; keeps up above ×1)`,
    );
    for (const [k, v] of Object.entries(endToEnd)) console.log(`  ${k.padEnd(26)} p50 ${v.p50} ms  p95 ${v.p95} ms  (goal: p95 under ${goal} ms)`);
    console.log(`  listCauses over 30 days: p50 ${layer.p50} ms against a plain GROUP BY ${plain.p50} ms (×${result.data_layer_over_plain_p50})`);
    console.log(`  written to ${writeResult("problems", result)}`);
    return result;
  } finally {
    await pool.end();
    await client.end();
    await server.stop();
  }
}
