// Retention beside ingest: webhook ingest under load (as in ingest.ts) with
// no retention running, then again while the retention job deletes the
// content of back-dated calls, on the same database in the same run. The
// goal: ingest keeps its throughput while the job runs. Twice: with the old
// calls stored this month, so that the job deletes their rows in batches,
// and with them stored in a past month, whose partitions it drops whole.
import { callMonthOf } from "@/lib/db/call-month";
import { partitionName } from "@/lib/db/month-partitions";
import pg from "pg";
import { delivery, INGEST_ENV, load, warmLoad } from "./ingest";
import { freshDatabase, startApp } from "./start-app";
import { round, stop, writeResult } from "./support";

/** Deliveries of this run, stamped now. */
const fresh = (n: number) => delivery(n, "MZbenchret", new Date());

/** The tables partitioned by month, each before the tables that refer to it. */
const PARTITIONED = ["turns", "tool_calls", "call_events", "kept_turn_latency", "response_gaps"];

/**
 * `calls` completed calls 400 days old, each with 20 turns and its raw
 * delivery, stored in `month` (with its partitions made), or else in this one.
 */
async function seedOldCalls(client: pg.Client, calls: number, month: string | null) {
  await client.query("insert into agents (id) values ('agent_old') on conflict do nothing");
  if (month) {
    for (const table of PARTITIONED) {
      await client.query(
        `create table ${partitionName(table, month)} partition of ${table} for values from ('${month}') to ('${month}'::date + interval '1 month')`,
      );
    }
  }
  await client.query(
    `insert into calls (id, agent_id, status, start_time, sort_time, end_time, turn_count, duration_s, ttfb_p50, ttfb_max, transcript_final, call_month)
     select 'MZold' || g, 'agent_old', 'completed', t, t, t + interval '80 seconds', 20, 80, 0.25, 0.33, true,
            coalesce($2::date, (date_trunc('month', now() at time zone 'UTC'))::date)
     from generate_series(1, $1) g, lateral (select now() - interval '400 days' + g * interval '1 second' as t) x`,
    [calls, month],
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
  // Only the tables seeded: an empty partition analyzed as empty (this month's, when the calls went to a past
  // one) would be planned as such, sequential scans and all, until autovacuum analyzes it again.
  const seeded = month ?? (await client.query("select (date_trunc('month', now() at time zone 'UTC'))::date::text as m")).rows[0].m;
  await client.query(`analyze calls, webhook_deliveries, ${partitionName("turns", seeded)}`);
}

export async function runRetentionBench(seconds = 10, calls = 60_000) {
  const month = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 7) + "-01";
  const months = await retentionBeside(seconds, calls, month);
  const rows = await retentionBeside(seconds, calls, null);
  console.log(`  written to ${writeResult("retention", { rows, months })}`);
  return { rows, months };
}

async function retentionBeside(seconds: number, calls: number, month: string | null) {
  const database = await freshDatabase("bench-retention-");
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    console.log(`  seeding ${calls.toLocaleString("en-US")} calls of 20 turns, 400 days old, stored ${month ? `in ${month.slice(0, 7)}` : "this month"}`);
    await seedOldCalls(client, calls, month);
    const { app, base: url } = await startApp(database, INGEST_ENV);
    const quiet = await warmLoad(url, seconds, fresh);

    // Retention of 30 days, and the job asked to run now: it deletes while the load runs.
    await client.query(`insert into settings (key, value) values ('privacy', '{"retentionDays": 30}') on conflict (key) do update set value = excluded.value`);
    await client.query("update jobs set run_at = now() where key = 'retention'");
    await new Promise((r) => setTimeout(r, 6000)); // the policy cache, and the job's claim
    const deletedBefore = (await client.query("select count(*)::int as n from calls where content_deleted_at is not null")).rows[0].n as number;
    const busy = await load(url, seconds, 30_000_000, fresh);
    const deletedAfter = (await client.query("select count(*)::int as n from calls where content_deleted_at is not null")).rows[0].n as number;
    const deletedDuringLoad = deletedAfter - deletedBefore;
    // The job's whole run, however long it went on after the load: its calls a second, every call counted.
    let run: { s: number; calls: number } | undefined;
    for (let waited = 0; !run && waited < 300; waited++) {
      run = (
        await client.query(
          "select extract(epoch from finished_at - started_at)::float8 as s, calls from retention_runs where finished_at is not null and calls > 0 order by id desc limit 1",
        )
      ).rows[0];
      if (!run) await new Promise((r) => setTimeout(r, 1000));
    }

    await stop(app);

    const result = {
      stored_in: month ?? "this month",
      seconds,
      old_calls: calls,
      quiet,
      during_retention: busy,
      throughput_ratio: round(busy.deliveries_per_s / quiet.deliveries_per_s, 2),
      p99_ratio: round(busy.p99_ms / quiet.p99_ms, 2),
      calls_deleted_before_load: deletedBefore,
      calls_deleted_during_load: deletedDuringLoad,
      retention_calls_per_s: round(deletedDuringLoad / seconds, 0),
      retention_ran_throughout: deletedAfter < calls,
      retention_run_s: run ? round(run.s, 2) : null,
      retention_run_calls_per_s: run ? round(run.calls / run.s, 0) : null,
    };
    console.log(
      `retention (${result.stored_in}): ingest ${busy.deliveries_per_s}/s (p99 ${busy.p99_ms} ms) while the job deleted ${deletedDuringLoad} calls (${result.retention_calls_per_s}/s),` +
        ` vs ${quiet.deliveries_per_s}/s (p99 ${quiet.p99_ms} ms) without it: throughput ×${result.throughput_ratio}, p99 ×${result.p99_ratio}` +
        `; its whole run: ${run?.calls} calls in ${result.retention_run_s} s (${result.retention_run_calls_per_s}/s)`,
    );
    return result;
  } finally {
    await client.end();
    await database.stop();
  }
}
