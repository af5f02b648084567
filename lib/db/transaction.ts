// One transaction on one pooled connection: begin, the work, commit; on any
// error a rollback, and the connection is discarded rather than reused.
import type { Pool, PoolClient } from "pg";

export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    failure = error as Error;
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release(failure);
  }
}
