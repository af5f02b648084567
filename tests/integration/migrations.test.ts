import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import { applyMigrations, MIGRATIONS_DIR, pendingMigrations, SCHEMA_PATH } from "@/lib/db/migrate";

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

describe("migrations", () => {
  it("apply once when several instances start at the same time, recorded as prisma migrate deploy records them", async () => {
    const admin = new pg.Client({ connectionString: inject("databaseUrl") });
    await admin.connect();
    const name = `callscope_migrate_${randomBytes(4).toString("hex")}`;
    await admin.query(`create database ${name}`);
    const url = new URL(inject("databaseUrl"));
    url.pathname = `/${name}`;
    try {
      const pending = await pendingMigrations(url.toString());
      expect(pending.length).toBeGreaterThan(0);
      const results = await Promise.all([1, 2, 3].map(() => applyMigrations(url.toString())));
      // Exactly one of the three applied them; the others found nothing left to do.
      expect(results.map((r) => r.length).sort()).toEqual([0, 0, pending.length]);
      expect(await pendingMigrations(url.toString())).toEqual([]);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      const { rows } = await client.query(
        "select migration_name, finished_at is not null as finished, rolled_back_at, applied_steps_count, length(checksum) as checksum_length from _prisma_migrations order by migration_name",
      );
      await client.end();
      expect(rows).toEqual(pending.map((m) => ({ migration_name: m, finished: true, rolled_back_at: null, applied_steps_count: 1, checksum_length: 64 })));
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it("count the calls already stored when call_status_counts arrives, losing and doubling none written meanwhile", async () => {
    await withDatabase(async (url) => {
      await applyMigrations(url, { before: "20261207020617_call_status_counts" });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query("insert into agents (id) values ('agent_m1'), ('agent_m2')");
        await client.query(
          `insert into calls (id, agent_id, status)
           select 'MZold' || g, (array['agent_m1', 'agent_m2', null])[1 + g % 3], (array['completed', 'failed', 'started', 'placeholder', 'cancelled'])[1 + g % 5]
           from generate_series(1, 5000) g`,
        );
        const stop = { now: false };
        const writing = writeCalls(url, 4, stop);
        await new Promise((r) => setTimeout(r, 200));
        expect(await applyMigrations(url)).toEqual(expect.arrayContaining(["20261207020617_call_status_counts"]));
        await new Promise((r) => setTimeout(r, 200));
        stop.now = true;
        expect((await writing).every((n) => n > 10)).toBe(true);
        const kept = await client.query("select agent_id, status, sum(n)::int as n from call_status_counts group by 1, 2 having sum(n) <> 0 order by 1, 2");
        const counted = await client.query("select coalesce(agent_id, '') as agent_id, status, count(*)::int as n from calls group by 1, 2 order by 1, 2");
        expect(kept.rows).toEqual(counted.rows);
      } finally {
        await client.end();
      }
    });
  });

  it("cover the whole schema: the schema the last migration was written from is prisma/schema.prisma", () => {
    // A change to the schema without `npm run db:migration -- <name>` would leave the database behind the client.
    expect(readFileSync(`${MIGRATIONS_DIR}/schema.prisma`, "utf8")).toBe(readFileSync(SCHEMA_PATH, "utf8"));
  });
});
