import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
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
  await withDatabase(async (url) => {
    await applyMigrations(url, { before: migration });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await seed(client);
      const stop = { now: false };
      const writing = write(url, stop);
      await new Promise((r) => setTimeout(r, 200));
      expect(await applyMigrations(url)).toEqual(expect.arrayContaining([migration]));
      await new Promise((r) => setTimeout(r, 200));
      stop.now = true;
      await check(client, await writing);
    } finally {
      await client.end();
    }
  });
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
      expect(references.rows.map((r) => r.name)).toContain("tool_calls_call_id_turn_id_fkey");
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
