import pg from "pg";
import { inject } from "vitest";

let pool: pg.Pool | null = null;

export function testPool() {
  pool ??= new pg.Pool({ connectionString: inject("databaseUrl"), max: 4 });
  return pool;
}

export async function query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const { rows } = await testPool().query(sql, params);
  return rows as T[];
}
