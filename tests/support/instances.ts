// Two app instances on one database, as behind a load balancer, and a pool on
// that database for what a test reads itself.
import pg from "pg";
import { type Stack, startStack } from "./stack";

export type Instances = { a: Stack; b: Stack; database: pg.Pool; stop: () => Promise<void> };

/**
 * `env` goes to both instances, `a` and `b` to one each; `sharedDataDir`
 * gives B the recordings folder of A, as a shared disk would; `memoryProbe`
 * starts A with the probe of what its server holds (tests/support/memory.ts).
 */
export async function startInstances(
  options: { env?: Record<string, string>; a?: Record<string, string>; b?: Record<string, string>; sharedDataDir?: boolean; memoryProbe?: boolean } = {},
): Promise<Instances> {
  const a = await startStack({ env: { ...options.env, ...options.a }, memoryProbe: options.memoryProbe });
  let b: Stack;
  try {
    b = await startStack({ env: { ...options.env, ...(options.sharedDataDir ? { CALLSCOPE_DATA_DIR: a.dataDir } : {}), ...options.b }, sharing: a });
  } catch (error) {
    await a.stop();
    throw error;
  }
  const database = new pg.Pool({ connectionString: a.databaseUrl, max: 2 });
  return {
    a,
    b,
    database,
    stop: async () => {
      await database.end();
      await b.stop();
      await a.stop();
    },
  };
}
