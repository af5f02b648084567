// Retention beside ingest: webhook ingest under load (as in ingest.ts) with
// no retention running, then again while the retention job deletes the
// content of back-dated calls, on the same database in the same run. The
// goal: ingest keeps its throughput while the job runs.
import { callMonthOf } from "@/lib/db/call-month";
import pg from "pg";
import { delivery, INGEST_ENV, load, warmLoad } from "./ingest";
import { freshDatabase, startApp } from "./start-app";
import { round, stop, writeResult } from "./support";

/** Deliveries of this run, stamped now. */
const fresh = (n: number) => delivery(n, "MZbenchret", new Date());

/** `calls` completed calls 400 days old, each with 20 turns and its raw delivery. */
async function seedOldCalls(client: pg.Client, calls: number) {
  await client.query("insert into agents (id) values ('agent_old') on conflict do nothing");
  await client.query(
    `insert into calls (id, agent_id, status, start_time, sort_time, end_time, turn_count, duration_s, ttfb_p50, ttfb_max, transcript_final)
     select 'MZold' || g, 'agent_old', 'completed', t, t, t + interval '80 seconds', 20, 80, 0.25, 0.33, true
     from generate_series(1, $1) g, lateral (select now() - interval '400 days' + g * interval '1 second' as t) x`,
    [calls],
  );
  await client.query(
    `insert into turns (call_id, call_month, position, role, text, start_s, end_s, start_ms, tts_ttfb, source, final)
     select 'MZold' || g, ${callMonthOf("'MZold' || g")}, i, case when i % 2 = 0 then 'assistant' else 'user' end, 'an old turn of a call that is past its retention period ' || g,
       i * 4 + 0.5, i * 4 + 3.5, (i * 4000 + 500), case when i % 2 = 0 then 0.25 end, 'body', true
     from generate_series(1, $1) g, generate_series(0, 19) i`,
    [calls],
  );
  await client.query(
    `insert into webhook_deliveries (dedup_key, type, call_id, agent_id, outcome, payload, received_at)
     select md5('old' || g), 'call_completed', 'MZold' || g, 'agent_old', 'applied', jsonb_build_object('type', 'call_completed', 'body', repeat('x', 2000)), now() - interval '400 days'
     from generate_series(1, $1) g`,
    [calls],
  );
  await client.query("delete from latency_changes");
  await client.query("analyze");
}

export async function runRetentionBench(seconds = 10, calls = 60_000) {
  const database = await freshDatabase("bench-retention-");
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    console.log(`  seeding ${calls.toLocaleString("en-US")} calls of 20 turns, 400 days old`);
    await seedOldCalls(client, calls);
    const { app, base: url } = await startApp(database, INGEST_ENV);
    const quiet = await warmLoad(url, seconds, fresh);

    // Retention of 30 days, and the job asked to run now: it deletes while the load runs.
    await client.query(`insert into settings (key, value) values ('privacy', '{"retentionDays": 30}') on conflict (key) do update set value = excluded.value`);
    await client.query("update jobs set run_at = now() where key = 'retention'");
    await new Promise((r) => setTimeout(r, 6000)); // the policy cache, and the job's claim
    const deletedBefore = (await client.query("select count(*)::int as n from calls where content_deleted_at is not null")).rows[0].n as number;
    const busy = await load(url, seconds, 30_000_000, fresh);
    const deletedAfter = (await client.query("select count(*)::int as n from calls where content_deleted_at is not null")).rows[0].n as number;
    await stop(app);
    const deletedDuringLoad = deletedAfter - deletedBefore;

    const result = {
      seconds,
      old_calls: calls,
      quiet,
      during_retention: busy,
      throughput_ratio: round(busy.deliveries_per_s / quiet.deliveries_per_s, 2),
      p99_ratio: round(busy.p99_ms / quiet.p99_ms, 2),
      calls_deleted_during_load: deletedDuringLoad,
      retention_calls_per_s: round(deletedDuringLoad / seconds, 0),
      retention_ran_throughout: deletedAfter < calls,
    };
    console.log(
      `retention: ingest ${busy.deliveries_per_s}/s (p99 ${busy.p99_ms} ms) while the job deleted ${deletedDuringLoad} calls (${result.retention_calls_per_s}/s),` +
        ` vs ${quiet.deliveries_per_s}/s (p99 ${quiet.p99_ms} ms) without it: throughput ×${result.throughput_ratio}, p99 ×${result.p99_ratio}` +
        (result.retention_ran_throughout ? "" : " (the job finished before the load did)"),
    );
    console.log(`  written to ${writeResult("retention", result)}`);
    return result;
  } finally {
    await client.end();
    await database.stop();
  }
}
