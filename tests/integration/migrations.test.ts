import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import { applyMigrations, MIGRATIONS_DIR, pendingMigrations, SCHEMA_PATH } from "@/lib/db/migrate";

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

  it("cover the whole schema: the schema the last migration was written from is prisma/schema.prisma", () => {
    // A change to the schema without `npm run db:migration -- <name>` would leave the database behind the client.
    expect(readFileSync(`${MIGRATIONS_DIR}/schema.prisma`, "utf8")).toBe(readFileSync(SCHEMA_PATH, "utf8"));
  });
});
