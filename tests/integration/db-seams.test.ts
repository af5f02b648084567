import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { createDatabase } from "@/lib/db/create-client";
import { noteLastUsed } from "@/lib/db/note-last-used";
import { withTransaction } from "@/lib/db/transaction";
import { rebuildChangedHours } from "@/lib/latency/rollup";
import { processSingleton, processSlot } from "@/lib/process-singleton";

describe("database seams", () => {
  it("a failed latency rebuild rolls back and never hands its broken connection back to the pool", async () => {
    // Tables out of sight: the rebuild fails after it has begun its transaction and taken its lock.
    const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 1, options: "-c search_path=nowhere" });
    try {
      await expect(rebuildChangedHours(pool, 0)).rejects.toThrow(/latency_changes/);
      expect(pool.totalCount).toBe(0);
      // The next caller gets a fresh connection with no transaction left open.
      const { rows } = await pool.query("select pg_current_xact_id_if_assigned() as xact, now() = statement_timestamp() as fresh");
      expect(rows[0]).toEqual({ xact: null, fresh: true });
    } finally {
      await pool.end();
    }
  });

  it("a transaction's work is undone when it throws, and kept when it returns", async () => {
    const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 1 });
    const table = `seam_${Date.now()}`;
    try {
      await pool.query(`create table ${table} (n int)`);
      await expect(
        withTransaction(pool, async (client) => {
          await client.query(`insert into ${table} values (1)`);
          throw new Error("the work failed");
        }),
      ).rejects.toThrow("the work failed");
      expect(pool.totalCount).toBe(0);
      await withTransaction(pool, (client) => client.query(`insert into ${table} values (2)`));
      expect((await pool.query(`select n from ${table}`)).rows).toEqual([{ n: 2 }]);
      expect(pool.idleCount).toBe(1);
    } finally {
      await pool.query(`drop table if exists ${table}`);
      await pool.end();
    }
  });

  it("writes a credential's last use at most once a minute, and again after", async () => {
    const writes: number[] = [];
    const write = async (at: Date) => writes.push(at.getTime());
    const id = `key_${Math.random()}`;
    noteLastUsed("test", id, write, 1_000_000);
    noteLastUsed("test", id, write, 1_030_000);
    noteLastUsed("test", `${id}_other`, write, 1_030_000);
    noteLastUsed("test", id, write, 1_060_000);
    expect(writes).toEqual([1_000_000, 1_030_000, 1_060_000]);
    // A failed write is ignored rather than thrown at the request that used the key.
    expect(() => noteLastUsed("test", `${id}_failing`, () => Promise.reject(new Error("database away")), 1_000_000)).not.toThrow();
  });

  it("keeps one value per process under a name, across module copies", () => {
    const name = `singleton_${Math.random()}`;
    let created = 0;
    const first = processSingleton(name, () => ({ n: ++created }));
    expect(processSingleton(name, () => ({ n: ++created }))).toBe(first);
    expect(created).toBe(1);
    const slot = processSlot<{ n: number }>(name);
    expect(slot.get()).toBe(first);
    slot.set(undefined);
    expect(processSingleton(name, () => ({ n: ++created }))).toEqual({ n: 2 });
  });

  it("leaves hashes of keys and secrets out of reads unless a query names them", async () => {
    const database = createDatabase(inject("databaseUrl"), 1);
    try {
      const secret = await database.db.webhookSecret.create({ data: { id: `seam_${Date.now()}`, label: "seam", hash: "ab".repeat(32), hint: "…seam" } });
      expect(secret).not.toHaveProperty("hash");
      const read = await database.db.webhookSecret.findUniqueOrThrow({ where: { id: secret.id } });
      expect(read).not.toHaveProperty("hash");
      expect(read.label).toBe("seam");
      const named = await database.db.webhookSecret.findUniqueOrThrow({ where: { id: secret.id }, select: { hash: true } });
      expect(named.hash).toBe("ab".repeat(32));
      await database.db.webhookSecret.delete({ where: { id: secret.id } });
    } finally {
      await database.close();
    }
  });
});
