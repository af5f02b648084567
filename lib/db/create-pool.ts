import pg from "pg";

/** A connection pool that fails fast when the database is down and survives losing an idle connection. */
export function createPool(connectionString: string, max: number): pg.Pool {
  // A connection that cannot be had within 5 s means the database is down: fail fast so clients get a 503.
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its server must not crash the process.
  pool.on("error", () => {});
  return pool;
}
