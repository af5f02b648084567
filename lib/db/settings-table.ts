// The settings table: one JSON value under each key, which an admin sets on a
// page of Settings. The value in force (the stored one with the environment's
// over it) is read through a short cache, so that every instance (and the
// webhook's writer thread) sees a change within a few seconds without a
// query per request.
import type { Pool, PoolClient } from "pg";
import type { z } from "zod";
import { processSlot } from "@/lib/process-singleton";

const CACHE_MS = 5_000;

type SettingSpec<S extends z.ZodType, T> = {
  key: string;
  schema: S;
  /** what a missing row, or one the schema refuses, reads as */
  fallback: () => z.output<S>;
  /** the name of this process's cache of the value in force */
  cache: string;
  /** the value in force, from the stored one */
  inForce: (stored: z.output<S>) => T;
};

/** One setting: its stored value read and saved (validated by its schema), and the value in force, at most a few seconds old. */
export function storedSetting<S extends z.ZodType, T>({ key, schema, fallback, cache: name, inForce }: SettingSpec<S, T>) {
  const cache = processSlot<{ at: number; value: Promise<T> }>(name);

  async function read(db: Pool | PoolClient): Promise<z.output<S>> {
    const { rows } = await db.query("select value from settings where key = $1", [key]);
    const parsed = rows[0]?.value == null ? null : schema.safeParse(rows[0].value);
    return parsed?.success ? parsed.data : fallback();
  }

  function current(db: Pool): Promise<T> {
    const held = cache.get();
    if (held && Date.now() - held.at < CACHE_MS) return held.value;
    const loading = read(db).then(inForce);
    loading.catch(() => cache.set(undefined));
    cache.set({ at: Date.now(), value: loading });
    return loading;
  }

  async function save(db: Pool | PoolClient, value: z.output<S>): Promise<void> {
    await db.query(
      `insert into settings (key, value, updated_at) values ($1, $2::jsonb, now())
       on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [key, JSON.stringify(schema.parse(value))],
    );
    cache.set(undefined);
  }

  return { read, current, save };
}
