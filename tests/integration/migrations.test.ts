import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { applyMigrations, MIGRATIONS_DIR, pendingMigrations, SCHEMA_PATH } from "@/lib/db/migrate";
import { BINS_PER_MS } from "@/lib/latency/rollup";
import { LATENCY_BUCKETS_S } from "@/lib/metrics/prometheus";

/** A database of its own on the test server for `work`, dropped afterwards. */
async function withDatabase(work: (url: string) => Promise<void>) {
  const admin = new pg.Client({ connectionString: inject("databaseUrl") });
  await admin.connect();
  const name = `callscope_migrate_${randomBytes(4).toString("hex")}`;
  await admin.query(`create database ${name}`);
  const url = new URL(inject("databaseUrl"));
  url.pathname = `/${name}`;
  try {
    await work(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/**
 * Writers changing calls until `stop` is set, each statement its own
 * transaction: new calls, status and agent changes, deletes. Returns how many
 * statements they ran.
 */
function writeCalls(url: string, writers: number, stop: { now: boolean }) {
  return Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      let statements = 0;
      for (let i = 0; !stop.now; i++, statements++) {
        const id = `MZw${w}x${i}`;
        if (i % 4 === 0) await client.query("insert into calls (id, agent_id, status) values ($1, $2, 'started')", [id, i % 8 ? "agent_m1" : null]);
        if (i % 4 === 1) await client.query("update calls set status = 'completed' where id = $1", [`MZw${w}x${i - 1}`]);
        if (i % 4 === 2)
          await client.query("update calls set agent_id = 'agent_m2', status = 'failed' where id = (select id from calls order by random() limit 1)");
        if (i % 4 === 3) await client.query("delete from calls where id = (select id from calls where id like 'MZold%' order by random() limit 1)");
      }
      await client.end();
      return statements;
    }),
  );
}

/** Day histograms of random values (some below zero, some above the last bound) for these days, as a rebuild writes them. */
const DAY_ROWS = `insert into latency_daily (metric, day, agent_id, deployment_id, bins, counts, packed)
  select m, day, a, dep, h.bins, h.counts, ''::bytea
  from unnest(array['tts_ttfb', 'stage_tts', 'stage_unattributed']) m, unnest($1::timestamptz[]) day,
       unnest(array['agent_m1', 'agent_m2', '']) a, unnest(array['dep_1', 'dep_2']) dep,
       lateral (select array_agg(b order by b) as bins, array_agg(1 + abs(b) % 7 order by b) as counts
                from (select distinct (random() * 130000)::int - 3000 + 0 * length(m || a || dep || day::text) as b from generate_series(1, 60)) v) h`;

/**
 * Rebuilders replacing whole days of latency_daily, each day in its own
 * transaction as lib/latency/rollup.ts does, until `stop` is set. Returns
 * how many days each rebuilt.
 */
function rebuildDays(url: string, writers: number, days: Date[], stop: { now: boolean }) {
  return Promise.all(
    Array.from({ length: writers }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      let rebuilt = 0;
      for (; !stop.now; rebuilt++) {
        const day = days[Math.floor(Math.random() * days.length)];
        await client.query("begin");
        await client.query("select pg_advisory_xact_lock(1)");
        await client.query("delete from latency_daily where day = $1", [day]);
        await client.query(DAY_ROWS, [[day]]);
        await client.query("commit");
      }
      await client.end();
      return rebuilt;
    }),
  );
}

/**
 * Applies `migration` to a database at the migration before it holding what
 * `seed` stores, while `write` changes it from other connections; `check`
 * gets a client on it, and what each writer wrote, once they stopped.
 */
async function migrateWhileWriting(
  migration: string,
  seed: (client: pg.Client) => Promise<void>,
  write: (url: string, stop: { now: boolean }) => Promise<number[]>,
  check: (client: pg.Client, written: number[]) => Promise<void>,
) {
  // Only `migration` is applied while they write: a later one may change what the writers of its time can write.
  const next = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name > migration)
    .map((entry) => entry.name)
    .sort()[0];
  await withDatabase(async (url) => {
    await applyMigrations(url, { before: migration });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await seed(client);
      const stop = { now: false };
      const writing = write(url, stop);
      await new Promise((r) => setTimeout(r, 200));
      expect(await applyMigrations(url, { before: next })).toEqual(expect.arrayContaining([migration]));
      await new Promise((r) => setTimeout(r, 200));
      stop.now = true;
      await check(client, await writing);
    } finally {
      await client.end();
    }
  });
}

const PARTITIONED = ["turns", "tool_calls", "call_events", "kept_turn_latency", "response_gaps"];
const MONTHLY = "20261207121000_monthly_partitions";

/** Rows of each old call, as seedPerCall stores them: `turns` turns, a tool call on every fourth, an event on every second, one kept latency, two gaps. */
const perCall = (turns: number) => ({ turns, tool_calls: Math.ceil(turns / 4), call_events: Math.ceil(turns / 2), kept_turn_latency: 1, response_gaps: 2 });

/** `calls` calls MZold1… of the previous version (no call_month named), each with the rows perCall counts. */
async function seedPerCall(client: pg.Client, calls: number, turns: number) {
  await client.query("insert into calls (id) select 'MZold' || g from generate_series(1, $1) g", [calls]);
  await client.query(
    `insert into turns (call_id, position, role, start_s, start_ms, source)
     select 'MZold' || c, i, case when i % 2 = 0 then 'user' else 'assistant' end, i, i * 1000, 'body' from generate_series(1, $1) c, generate_series(0, $2 - 1) i`,
    [calls, turns],
  );
  await client.query("insert into tool_calls (call_id, turn_id, position, name) select call_id, id, 0, 'lookup' from turns where position % 4 = 0");
  await client.query("insert into call_events (call_id, kind) select call_id, 'log' from turns where position % 2 = 0");
  await client.query("insert into kept_turn_latency (call_id, tts_ttfb) select id, 0.25 from calls");
  await client.query("insert into response_gaps (call_id, turn_index, user_turn_index, gap_ms) select id, i, i - 1, 400 from calls, (values (1), (3)) v(i)");
}

/** The code of an insert of the previous version into a partitioned table without a default month: no month, or no partition for none. */
const WITHOUT_MONTH = ["23502", "23514"];

/**
 * The state a finished monthly_partitions leaves: the five tables partitioned, the old ones their 1970-01 partitions
 * holding `old` (rows per old call) of every one of `oldCalls` calls, partitions ahead, keys, triggers, and nothing of
 * the conversion left over.
 */
async function expectPartitioned(client: pg.Client, oldCalls: number, old: ReturnType<typeof perCall>) {
  const kinds = await client.query("select relname, relkind::text from pg_class where relname = any($1::text[]) order by 1", [PARTITIONED]);
  expect(kinds.rows).toEqual([...PARTITIONED].sort().map((relname) => ({ relname, relkind: "p" })));
  expect((await client.query("select count(*)::int as n from calls where id like 'MZold%' and call_month = '1970-01-01'")).rows[0].n).toBe(oldCalls);
  for (const t of PARTITIONED) {
    const { rows } = await client.query(
      `select (select count(*)::int from ${t} where call_id like 'MZold%') as rows,
              (select count(*)::int from ${t}_y1970m01 where call_id like 'MZold%') as in_1970,
              (select array_agg(c.relname::text order by c.relname) from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = $1::regclass) as partitions,
              (select array_agg(to_char(date_trunc('month', now() at time zone 'UTC') + make_interval(months => m), '"${t}_y"YYYY"m"MM') order by m)
               from generate_series(0, 2) m) as ahead`,
      [t],
    );
    expect(rows[0].rows, t).toBe(oldCalls * old[t as keyof typeof old]);
    expect(rows[0].in_1970, t).toBe(rows[0].rows);
    expect(rows[0].partitions, t).toEqual(expect.arrayContaining([`${t}_y1970m01`, ...rows[0].ahead]));
  }
  // Nothing of the conversion left: no invalid index, no helper, no recorded step, no bounds check or copy table.
  expect((await client.query("select indexrelid::regclass::text as name from pg_index where not indisvalid")).rows).toEqual([]);
  const helpers = await client.query(
    "select proname from pg_proc where proname in ('callscope_partition_swap', 'callscope_is_partitioned', 'callscope_drop_invalid_index')",
  );
  expect(helpers.rows).toEqual([]);
  expect((await client.query("select count(*)::int as n from _callscope_migration_steps")).rows[0].n).toBe(0);
  expect((await client.query("select count(*)::int as n from pg_class where relname like '%\\_partitioned'")).rows[0].n).toBe(0);
  expect((await client.query("select count(*)::int as n from pg_constraint where conname like '%\\_y1970m01\\_bounds'")).rows[0].n).toBe(0);

  // The statement triggers sit on the partitioned tables, none left on the 1970-01 partitions.
  const triggers = await client.query(
    "select tgrelid::regclass::text as t, tgname as name from pg_trigger where not tgisinternal and tgparentid = 0 and tgrelid::regclass::text like any($1::text[]) order by 1, 2",
    [PARTITIONED.map((t) => `${t}%`)],
  );
  expect(triggers.rows.filter((r) => r.t.endsWith("_y1970m01"))).toEqual([]);
  expect(triggers.rows).toEqual(
    expect.arrayContaining([
      { t: "turns", name: "latency_turns_inserted" },
      { t: "turns", name: "live_turns_inserted" },
      { t: "tool_calls", name: "live_tool_calls_inserted" },
      { t: "tool_calls", name: "causes_tool_calls_inserted" },
      { t: "call_events", name: "live_call_events_inserted" },
      { t: "call_events", name: "causes_events_inserted" },
      { t: "kept_turn_latency", name: "latency_kept_deleted" },
      { t: "response_gaps", name: "latency_gaps_inserted" },
    ]),
  );

  // A call of today's month, written as this version writes it, naming call_month; the triggers fire for it.
  const call = `MZnew${randomBytes(3).toString("hex")}`;
  const month = (await client.query("insert into calls (id, sort_time) values ($1, now()) returning call_month::text as m", [call])).rows[0].m;
  expect(month).toBe(new Date().toISOString().slice(0, 7) + "-01");
  await client.query("delete from latency_changes");
  const turn = await client.query(
    "insert into turns (call_id, role, start_s, start_ms, source, call_month) values ($1, 'assistant', 1, 1000, 'body', $2) returning id, tableoid::regclass::text as part",
    [call, month],
  );
  expect(turn.rows[0].part).toBe(`turns_y${month.slice(0, 4)}m${month.slice(5, 7)}`);
  const noted = await client.query(
    `select (select count(*)::int from latency_changes where hour = (select date_trunc('hour', sort_time, 'UTC') from calls where id = $1)) as hours,
            (select count(*)::int from changes where kind = 'turn' and call_id = $1) as changes`,
    [call],
  );
  expect(noted.rows[0]).toEqual({ hours: 1, changes: 1 });
  await client.query("insert into tool_calls (call_id, turn_id, position, name, call_month) values ($1, $2, 0, 'lookup', $3)", [call, turn.rows[0].id, month]);
  await client.query("insert into call_events (call_id, kind, call_month) values ($1, 'log', $2)", [call, month]);
  await client.query("insert into kept_turn_latency (call_id, tts_ttfb, call_month) values ($1, 0.3, $2)", [call, month]);
  await client.query("insert into response_gaps (call_id, turn_index, user_turn_index, gap_ms, call_month) values ($1, 1, 0, 300, $2)", [call, month]);
  expect((await client.query("select count(*)::int as n from changes where kind = 'tool_call' and call_id = $1", [call])).rows[0].n).toBe(1);
  // A turn written again lands on the key that holds call_month.
  await client.query(
    `insert into turns (call_id, role, start_s, start_ms, source, call_month, text) values ($1, 'assistant', 1, 1000, 'body', $2, 'again')
     on conflict (call_id, role, start_ms, call_month) do update set text = excluded.text`,
    [call, month],
  );
  expect((await client.query("select array_agg(text) as texts from turns where call_id = $1", [call])).rows[0].texts).toEqual(["again"]);
  // An insert of the previous version, naming no month, is refused.
  await expect(client.query("insert into turns (call_id, role, start_s, start_ms, source) values ($1, 'user', 2, 2000, 'body')", [call])).rejects.toSatisfy(
    (e: { code?: string }) => WITHOUT_MONTH.includes(e.code ?? ""),
  );

  // Deleting a turn takes its tool calls, in the old partition and the new; deleting a call takes everything of it.
  const oldCall = (await client.query("select id from calls where id like 'MZold%' order by id limit 1")).rows[0].id;
  for (const id of [oldCall, call]) {
    const counts = () =>
      client.query(`select ${PARTITIONED.map((t) => `(select count(*)::int from ${t} where call_id = $1) as ${t}`).join(", ")}`, [id]).then((r) => r.rows[0]);
    expect((await counts()).tool_calls, id).toBeGreaterThan(0);
    await client.query("delete from turns where call_id = $1", [id]);
    expect((await counts()).tool_calls, id).toBe(0);
    await client.query("delete from calls where id = $1", [id]);
    expect(await counts(), id).toEqual(Object.fromEntries(PARTITIONED.map((t) => [t, 0])));
  }
}

describe("migrations", () => {
  it("apply once when several instances start at the same time, recorded as prisma migrate deploy records them", async () => {
    await withDatabase(async (url) => {
      const pending = await pendingMigrations(url);
      expect(pending.length).toBeGreaterThan(0);
      const results = await Promise.all([1, 2, 3].map(() => applyMigrations(url)));
      // Exactly one of the three applied them; the others found nothing left to do.
      expect(results.map((r) => r.length).sort()).toEqual([0, 0, pending.length]);
      expect(await pendingMigrations(url)).toEqual([]);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query(
        "select migration_name, finished_at is not null as finished, rolled_back_at, applied_steps_count, length(checksum) as checksum_length from _prisma_migrations order by migration_name",
      );
      await client.end();
      expect(rows).toEqual(pending.map((m) => ({ migration_name: m, finished: true, rolled_back_at: null, applied_steps_count: 1, checksum_length: 64 })));
    });
  });

  it("count the calls already stored when call_status_counts arrives, losing and doubling none written meanwhile", async () => {
    await migrateWhileWriting(
      "20261207020617_call_status_counts",
      async (client) => {
        await client.query("insert into agents (id) values ('agent_m1'), ('agent_m2')");
        await client.query(
          `insert into calls (id, agent_id, status)
           select 'MZold' || g, (array['agent_m1', 'agent_m2', null])[1 + g % 3], (array['completed', 'failed', 'started', 'placeholder', 'cancelled'])[1 + g % 5]
           from generate_series(1, 5000) g`,
        );
      },
      (url, stop) => writeCalls(url, 4, stop),
      async (client, written) => {
        expect(written.every((n) => n > 10)).toBe(true);
        const kept = await client.query("select agent_id, status, sum(n)::int as n from call_status_counts group by 1, 2 having sum(n) <> 0 order by 1, 2");
        const counted = await client.query("select coalesce(agent_id, '') as agent_id, status, count(*)::int as n from calls group by 1, 2 order by 1, 2");
        expect(kept.rows).toEqual(counted.rows);
      },
    );
  });

  it("add up the days already built when latency_totals arrives, in /metrics's buckets, with days rebuilt meanwhile", async () => {
    const days = Array.from({ length: 10 }, (_, i) => new Date(Math.floor(Date.now() / 86_400_000 - i) * 86_400_000));
    await migrateWhileWriting(
      "20261207021816_latency_totals",
      async (client) => {
        await client.query(DAY_ROWS, [days]);
      },
      (url, stop) => rebuildDays(url, 3, days, stop),
      async (client, rebuilt) => {
        expect(rebuilt.every((n) => n > 3)).toBe(true);
        // The buckets as /metrics labels them: values at or under each bound of LATENCY_BUCKETS_S.
        const thresholds = LATENCY_BUCKETS_S.map((s) => s * 1000 * BINS_PER_MS + 1);
        const summed = await client.query(
          `select d.metric, d.agent_id, width_bucket(u.bin, $1::int[]) as bucket, sum(u.n)::text as n, sum(u.n::bigint * u.bin)::text as sum_bins
           from latency_daily d cross join unnest(d.bins, d.counts) u(bin, n) group by 1, 2, 3 order by 1, 2, 3`,
          [thresholds],
        );
        const kept = await client.query("select metric, agent_id, bucket, n::text, sum_bins::text from latency_totals order by 1, 2, 3");
        expect(summed.rows.length).toBeGreaterThan(100);
        expect(kept.rows).toEqual(summed.rows);
      },
    );
  });

  it("key every per-call table by call_id, moving none of the turns and tool calls written meanwhile", async () => {
    await migrateWhileWriting(
      "20261207072539_call_id_keys",
      async (client) => {
        await client.query("insert into calls (id) select 'MZold' || g from generate_series(1, 2000) g");
        await client.query(
          "insert into turns (call_id, role, start_s, start_ms, source) select 'MZold' || (1 + g % 2000), 'user', g, g, 'body' from generate_series(1, 20000) g",
        );
        await client.query("insert into tool_calls (call_id, turn_id, position, name) select call_id, id, 0, 'lookup' from turns where id % 4 = 0");
        await client.query("insert into call_events (call_id, kind) select call_id, 'log' from turns where id % 2 = 0");
      },
      (url, stop) =>
        Promise.all(
          Array.from({ length: 3 }, async (_, w) => {
            const client = new pg.Client({ connectionString: url });
            await client.connect();
            let calls = 0;
            // Each statement one call with a turn, its tool call and an event, as ingest writes them; a few calls deleted.
            for (let i = 0; !stop.now; i++, calls++) {
              await client.query(
                `with c as (insert into calls (id) values ($1) returning id),
                      t as (insert into turns (call_id, role, start_s, start_ms, source) select id, 'assistant', 1, 1000, 'body' from c returning call_id, id),
                      e as (insert into call_events (call_id, kind) select call_id, 'log' from t)
                 insert into tool_calls (call_id, turn_id, position, name) select call_id, id, 0, 'lookup' from t`,
                [`MZw${w}x${i}`],
              );
              if (i % 5 === 0) await client.query("delete from calls where id = $1", [`MZold${1 + ((w * 700 + i) % 2000)}`]);
            }
            await client.end();
            return calls;
          }),
        ),
      async (client, written) => {
        expect(written.every((n) => n > 10)).toBe(true);
        const sum = written.reduce((a, b) => a + b, 0);
        const { rows } = await client.query(
          `select (select count(*)::int from calls where id like 'MZw%') as calls,
                  (select count(*)::int from turns where call_id like 'MZw%') as turns,
                  (select count(*)::int from tool_calls where call_id like 'MZw%') as tool_calls,
                  (select count(*)::int from call_events where call_id like 'MZw%') as events,
                  (select count(*)::int from tool_calls tc where not exists (select 1 from turns t where t.call_id = tc.call_id and t.id = tc.turn_id)) as orphans,
                  (select count(*)::int from tool_calls where call_id like 'MZold%') = (select count(*)::int from turns where call_id like 'MZold%' and id % 4 = 0) as old_kept`,
        );
        expect(rows[0]).toEqual({ calls: sum, turns: sum, tool_calls: sum, events: sum, orphans: 0, old_kept: true });
        const keys = await client.query(
          `select conrelid::regclass::text as "table", conname as name, pg_get_constraintdef(oid) as definition, convalidated as valid
           from pg_constraint where contype in ('p', 'f') and conrelid::regclass::text in ('turns', 'tool_calls') and conname like any(array['%pkey', '%turn_id%'])
           order by 1, 2`,
        );
        expect(keys.rows).toEqual([
          {
            table: "tool_calls",
            name: "tool_calls_call_id_turn_id_fkey",
            definition: expect.stringContaining("(call_id, turn_id) REFERENCES turns(call_id, id)"),
            valid: true,
          },
          { table: "tool_calls", name: "tool_calls_pkey", definition: "PRIMARY KEY (call_id, id)", valid: true },
          { table: "turns", name: "turns_pkey", definition: "PRIMARY KEY (call_id, id)", valid: true },
        ]);
        // A delete of a turn still takes its tool calls with it.
        await client.query("delete from turns where call_id = 'MZw0x0'");
        expect((await client.query("select count(*)::int as n from tool_calls where call_id = 'MZw0x0'")).rows[0].n).toBe(0);
      },
    );
  });

  it("partition the per-call tables by month while writers of the previous version go on, losing none of their rows", async () => {
    const calls = 3000;
    const deleted = new Set<string>();
    const failures: { code?: string; message: string }[] = [];
    await migrateWhileWriting(
      MONTHLY,
      (client) => seedPerCall(client, calls, 10),
      (url, stop) =>
        Promise.all(
          Array.from({ length: 3 }, async (_, w) => {
            const client = new pg.Client({ connectionString: url });
            await client.connect();
            let written = 0;
            // Each statement one call with a turn, its tool call and an event, naming no month; a few old calls deleted.
            // A writer stops at its first error: once a table is swapped, it takes no row without call_month.
            try {
              for (let i = 0; !stop.now; i++) {
                await client.query(
                  `with c as (insert into calls (id) values ($1) returning id),
                        t as (insert into turns (call_id, role, start_s, start_ms, source) select id, 'assistant', 1, 1000, 'body' from c returning call_id, id),
                        e as (insert into call_events (call_id, kind) select call_id, 'log' from t)
                   insert into tool_calls (call_id, turn_id, position, name) select call_id, id, 0, 'lookup' from t`,
                  [`MZw${w}x${i}`],
                );
                written++;
                if (i % 5 === 0) {
                  const id = `MZold${1 + ((w * 1000 + i / 5) % calls)}`;
                  if ((await client.query("delete from calls where id = $1", [id])).rowCount) deleted.add(id);
                }
              }
            } catch (error) {
              failures.push(error as { code?: string; message: string });
            }
            await client.end();
            return written;
          }),
        ),
      async (client, written) => {
        expect(written.every((n) => n > 10)).toBe(true);
        // Every writer went on until the swap and was then refused for naming no month, and for nothing else.
        expect(failures.map((f) => WITHOUT_MONTH.includes(f.code ?? "") || f.message)).toEqual([true, true, true]);
        expect(deleted.size).toBeGreaterThan(3);
        const sum = written.reduce((a, b) => a + b, 0);
        const { rows } = await client.query(
          `select (select count(*)::int from calls where id like 'MZw%') as calls,
                  (select count(*)::int from turns where call_id like 'MZw%') as turns,
                  (select count(*)::int from tool_calls where call_id like 'MZw%') as tool_calls,
                  (select count(*)::int from call_events where call_id like 'MZw%') as events,
                  (select count(*)::int from tool_calls tc where not exists (select 1 from turns t where t.call_id = tc.call_id and t.id = tc.turn_id)) as orphans,
                  (select count(*)::int from calls where id = any($1::text[])) as deleted_left`,
          [[...deleted]],
        );
        expect(rows[0]).toEqual({ calls: sum, turns: sum, tool_calls: sum, events: sum, orphans: 0, deleted_left: 0 });
        await expectPartitioned(client, calls - deleted.size, perCall(10));
      },
    );
  }, 240_000);

  it("carry on after the conversion was killed part way", async () => {
    await withDatabase(async (url) => {
      await applyMigrations(url, { before: MONTHLY });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        // 300,000 turns: long enough an index build to be caught running.
        await seedPerCall(client, 10_000, 30);
        let settled = false;
        const first = applyMigrations(url).finally(() => (settled = true));
        first.catch(() => {});
        // The backend of the migration while it builds the first index of the 1970-01 partition (its entry made, not yet
        // valid), stopped as a kill would stop it: the build leaves the index behind, invalid.
        let killed: string | null = null;
        while (!settled && !killed) {
          const { rows } = await client.query(
            `select pid, query from pg_stat_activity
             where pid <> pg_backend_pid() and datname = current_database() and state = 'active' and query like '%CONCURRENTLY%turns_y1970m01_pkey%'
               and exists (select 1 from pg_index where indexrelid = to_regclass('turns_y1970m01_pkey') and not indisvalid)`,
          );
          if (rows.length && (await client.query("select pg_terminate_backend($1) as done", [rows[0].pid])).rows[0].done) killed = rows[0].query;
          else await new Promise((r) => setTimeout(r, 2));
        }
        expect(killed).toContain("turns_y1970m01_pkey");
        await expect(first).rejects.toThrow();
        // Part way: some statements recorded as done, the migration failed and not yet partitioned.
        const steps = await client.query("select done from _callscope_migration_steps");
        expect(steps.rows).toEqual([{ done: expect.any(Number) }]);
        expect(steps.rows[0].done).toBeGreaterThan(3);
        expect((await client.query("select relkind::text from pg_class where relname = 'turns'")).rows[0].relkind).toBe("r");
        expect((await client.query("select indisvalid from pg_index where indexrelid = to_regclass('turns_y1970m01_pkey')")).rows).toEqual([
          { indisvalid: false },
        ]);

        expect(await applyMigrations(url)).toContain(MONTHLY);
        const record = await client.query(
          "select count(*) filter (where finished_at is not null and rolled_back_at is null)::int as finished, count(*)::int as records from _prisma_migrations where migration_name = $1",
          [MONTHLY],
        );
        expect(record.rows[0].finished).toBe(1);
        await expectPartitioned(client, 10_000, perCall(30));
      } finally {
        await client.end();
      }
    });
  }, 240_000);

  it("keep call_id in every key of a table with a call_id column, so that each can be distributed by call", async () => {
    // The delivery log (a delivery may name no call) and the live stream's changes (one sequence for every call) are not per-call tables.
    const notPerCall = ["webhook_deliveries", "changes"];
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      const perCall = await client.query(
        `select c.relname as "table" from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
         where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attname = 'call_id' and not a.attisdropped and c.relname <> all($1::text[])
         order by 1`,
        [notPerCall],
      );
      expect(perCall.rows.map((r) => r.table)).toEqual(
        expect.arrayContaining(["turns", "tool_calls", "call_events", "evaluation_results", "kept_turn_latency", "recordings"]),
      );
      // Primary keys and unique indexes without call_id among their columns; tables without a primary key at all.
      const offenders = await client.query(
        `select c.relname as "table", coalesce(i.indexrelid::regclass::text, 'no primary key') as key
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         left join pg_index i on i.indrelid = c.oid and i.indisunique
         where n.nspname = current_schema() and c.relname = any($1::text[])
           and (i.indexrelid is null and not exists (select 1 from pg_index p where p.indrelid = c.oid and p.indisprimary)
                or i.indexrelid is not null and not exists (
                  select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'call_id' and a.attnum = any(i.indkey)))
         order by 1, 2`,
        [perCall.rows.map((r) => r.table)],
      );
      expect(offenders.rows).toEqual([]);
      // A foreign key from one per-call table to another matches call_id with call_id.
      const references = await client.query(
        `select f.conname as name, f.conkey, f.confkey, (select array_agg(attnum) from pg_attribute where attrelid = f.conrelid and attname = 'call_id') as own,
                (select array_agg(attnum) from pg_attribute where attrelid = f.confrelid and attname = 'call_id') as theirs
         from pg_constraint f where f.contype = 'f' and f.conrelid::regclass::text = any($1::text[]) and f.confrelid::regclass::text = any($1::text[])`,
        [perCall.rows.map((r) => r.table)],
      );
      expect(references.rows.map((r) => r.name)).toContain("tool_calls_call_id_turn_id_call_month_fkey");
      for (const r of references.rows) expect(r.conkey.indexOf(r.own[0]), r.name).toBe(r.confkey.indexOf(r.theirs[0]));
      for (const r of references.rows) expect(r.conkey, r.name).toContain(r.own[0]);
    } finally {
      await client.end();
    }
  });

  it("cover the whole schema: the schema the last migration was written from is prisma/schema.prisma", () => {
    // A change to the schema without `npm run db:migration -- <name>` would leave the database behind the client.
    expect(readFileSync(`${MIGRATIONS_DIR}/schema.prisma`, "utf8")).toBe(readFileSync(SCHEMA_PATH, "utf8"));
  });
});
