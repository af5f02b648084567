// Converting to monthly partitions while the previous version writes: a
// scratch database on the bench's embedded Postgres at the migration before
// monthly_partitions, holding `calls` calls of 20 turns (the bench data set,
// seed.ts) with tool calls, events and response gaps. Writers of the previous
// version (statements naming no call_month, as ingest wrote them) first run
// alone for the baseline, then on while the migration converts the tables.
// Once a table is swapped they are refused, as intended; each writer then
// carries on as the new version writes (naming its call's month), so that the
// conversion is measured beside writes to its end.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { seed } from "./seed";
import { percentile, ROOT, round, writeResult } from "./support";

const MONTHLY = "20261207121000_monthly_partitions";
const TABLES = ["turns", "tool_calls", "call_events", "kept_turn_latency", "response_gaps"];
/** What an insert naming no month gets from a swapped table: a null call_month, or no partition for it. */
const WITHOUT_MONTH = ["23502", "23514"];

/** One call with 20 turns, 2 tool calls and 3 events in one statement; `named`: the rows name their call's month. */
function callStatement(named: boolean) {
  const month = (from: string) => (named ? `, (select call_month from ${from})` : "");
  const column = named ? ", call_month" : "";
  return `with c as (insert into calls (id, agent_id, status, sort_time, turn_count) values ($1, 'agent_bench_1', 'completed', now(), 20) returning id${named ? ", call_month" : ""}),
    t as (insert into turns (call_id, position, role, text, start_s, end_s, start_ms, tts_ttfb, source, final${column})
          select id, k, case when k % 2 = 0 then 'assistant' else 'user' end, 'turn ' || k || ' of a call written during the conversion',
                 k * 4.0 + 0.5, k * 4.0 + 3.5, k * 4000 + 500, case when k % 2 = 0 then 0.25 end, 'body', true${month("c")}
          from c, generate_series(0, 19) k returning call_id, id, position),
    e as (insert into call_events (call_id, kind${column}) select id, 'log'${month("c")} from c, generate_series(1, 3))
  insert into tool_calls (call_id, turn_id, position, name${column}) select call_id, id, 0, 'lookup'${month("c")} from t where position % 10 = 0`;
}

type Sample = { at: number; ms: number };

/** `writers` connections each writing calls one statement at a time until `stop`, naming no month until refused; then, `thenNamed`, naming it. */
function write(url: string, writers: number, stop: { now: boolean }, prefix: string, thenNamed = false) {
  const samples: Sample[] = [];
  const refusals: { at: number; code: string; named: boolean }[] = [];
  const done = Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      let named = false;
      try {
        for (let i = 0; !stop.now; i++) {
          const start = performance.now();
          try {
            await client.query(callStatement(named), [`${prefix}${w}x${i}`]);
            samples.push({ at: start, ms: performance.now() - start });
          } catch (error) {
            const code = (error as { code?: string }).code ?? "";
            if (!WITHOUT_MONTH.includes(code)) throw error;
            // Named, the call's month can still lack its partition for the moment between calls' new default and the
            // partitions made for it, a moment the previous version's writers are already refused in.
            refusals.push({ at: performance.now(), code, named });
            if (!thenNamed) break;
            named = true;
          }
        }
      } finally {
        await client.end();
      }
    }),
  );
  return { samples, refusals, done };
}

function figures(samples: Sample[], seconds: number) {
  const ms = samples.map((s) => s.ms);
  return {
    statements: ms.length,
    per_s: round(ms.length / seconds),
    p50_ms: round(percentile(ms, 50)),
    p99_ms: round(percentile(ms, 99)),
    max_ms: round(Math.max(...ms)),
  };
}

/** Tool calls, events, response gaps and a few kept latency values beside the seeded turns, set-based. */
async function seedParts(client: pg.Client) {
  const at = performance.now();
  await client.query("insert into tool_calls (call_id, turn_id, position, name) select call_id, id, 0, 'lookup' from turns where position % 10 = 0");
  await client.query("insert into call_events (call_id, kind) select id, 'log' from calls, generate_series(1, 3)");
  await client.query(
    `insert into response_gaps (call_id, turn_index, user_turn_index, gap_ms)
     select call_id, position, position - 1, 400 + position * 10 from turns where role = 'assistant' and position > 0`,
  );
  await client.query("insert into kept_turn_latency (call_id, tts_ttfb) select id, 0.3 from calls where id like '%00'");
  await client.query("vacuum analyze");
  console.log(`  tool calls, events, response gaps in ${((performance.now() - at) / 1000).toFixed(1)} s`);
}

/** Where the migration's time goes: its backend's running statement, sampled every 50 ms (each new one printed), until `stop`. */
async function sampleStatements(url: string, stop: { now: boolean }) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const seen = new Map<string, number>();
  const started = performance.now();
  while (!stop.now) {
    const { rows } = await client.query(
      `select query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state = 'active'
       and query not like 'with c as%' and query not like '%pg_advisory%'`,
    );
    for (const { query } of rows) {
      const key = (query as string).replace(/\s+/g, " ").slice(0, 90);
      if (!seen.has(key) && !key.startsWith("autovacuum")) console.log(`    at ${((performance.now() - started) / 1000).toFixed(1)} s: ${key}`);
      seen.set(key, (seen.get(key) ?? 0) + 50);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await client.end();
  return [...seen]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([statement, ms]) => ({ statement, s: round(ms / 1000, 1) }));
}

/** `thenNamed`: the writers carry on naming call_month once refused (as the new version writes), instead of stopping there. */
export async function runPartitions(calls: number, seconds = 15, writers = 4, thenNamed = false) {
  const server = await startEmbeddedPostgres({ dataDir: path.join(ROOT, ".data/bench/postgres") });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const name = `callscope_partitions_${randomBytes(4).toString("hex")}`;
  await admin.query(`create database ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await applyMigrations(url.toString(), { before: MONTHLY });
    await client.connect();
    console.log(`  seeding ${calls.toLocaleString("en-US")} calls × 20 turns in ${name}`);
    await seed(client, { calls, turnsPerCall: 20, agents: 6, deploymentsPerAgent: 4 }, console.log);
    await seedParts(client);
    const counted = await client.query(`select ${TABLES.map((t) => `(select count(*) from ${t})`).join(" + ")} as n`);
    const rows = Number(counted.rows[0].n);
    console.log(`  ${rows.toLocaleString("en-US")} rows to convert; ${writers} writers for ${seconds} s alone, then beside the conversion`);

    const quiet = { now: false };
    const before = write(url.toString(), writers, quiet, "MZpartbase");
    await new Promise((r) => setTimeout(r, seconds * 1000));
    quiet.now = true;
    await before.done;

    const busy = { now: false };
    const during = write(url.toString(), writers, busy, "MZpartconv", thenNamed);
    await new Promise((r) => setTimeout(r, 500));
    const sampling = sampleStatements(url.toString(), busy);
    const started = performance.now();
    const applied = await applyMigrations(url.toString());
    const ended = performance.now();
    busy.now = true;
    await during.done;
    const slowest = await sampling;
    if (!applied.includes(MONTHLY)) throw new Error(`${MONTHLY} was not applied: ${applied.join(", ")}`);
    const duration = (ended - started) / 1000;
    // Writes are measured from the start of the conversion to its end, or to the first refusal when the writers stop there.
    const until = thenNamed ? ended : Math.min(ended, ...during.refusals.map((r) => r.at));
    const inWindow = during.samples.filter((s) => s.at >= started && s.at < until);
    const base = figures(before.samples, seconds);
    const conv = figures(inWindow, (until - started) / 1000);
    const result = {
      calls,
      writers,
      rows_converted: rows,
      conversion_s: round(duration, 1),
      written_beside_s: round((until - started) / 1000, 1),
      then_named: thenNamed,
      before: base,
      during: conv,
      writes_ratio: round(conv.per_s / base.per_s, 2),
      p99_ratio: round(conv.p99_ms / base.p99_ms, 2),
      longest_stall_ms: conv.max_ms,
      // When the writers of the previous version were refused, in s from the start of the conversion.
      refused_at_s: during.refusals.filter((r) => !r.named).map((r) => round((r.at - started) / 1000, 1)),
      refused_naming_month: during.refusals.filter((r) => r.named).length,
      refusal_codes: [...new Set(during.refusals.map((r) => r.code))],
      slowest_statements: slowest,
    };
    console.log(`  conversion: ${result.conversion_s} s for ${rows.toLocaleString("en-US")} rows`);
    console.log(`  writes/s: ${base.per_s} before, ${conv.per_s} during its first ${result.written_beside_s} s (×${result.writes_ratio})`);
    console.log(`  p99: ${base.p99_ms} ms before, ${conv.p99_ms} ms during (×${result.p99_ratio})`);
    console.log(`  longest write stall during the conversion: ${result.longest_stall_ms} ms`);
    console.log(
      `  writers naming no month refused at ${result.refused_at_s.join(", ")} s (${result.refusal_codes.join(", ")})` +
        (thenNamed ? `, then naming it (${result.refused_naming_month} statements of those refused)` : ", and stopped there"),
    );
    for (const { statement, s } of slowest) console.log(`    ${s} s  ${statement}`);
    console.log(`  → ${writeResult("partitions", result)}`);
  } finally {
    await client.end().catch(() => {});
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await server.stop();
  }
}
