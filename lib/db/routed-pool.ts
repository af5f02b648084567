// A pool for reads that sends each query to a read replica when one is fit to
// answer it, else to the primary: the read models take it as any pg Pool. A
// replica that fails a query because it went away, or cancels one that
// conflicted with its replay, costs the query one retry on the primary, not
// an error to the user.
import pg from "pg";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import type { ReadReplicas, Replica } from "./read-replicas";

/** A hot standby cancels a read whose rows its replay has to remove (SQLSTATE 40001). */
function conflictedWithRecovery(error: unknown): boolean {
  return (error as { code?: unknown }).code === "40001" && /conflict with recovery/i.test(String((error as Error).message));
}

type Args = unknown[];

class RoutedPool extends pg.Pool {
  readonly #primary: pg.Pool;
  readonly #replicas: ReadReplicas;
  readonly #atLeast: () => Promise<bigint | null>;

  constructor(primary: pg.Pool, replicas: ReadReplicas, atLeast: () => Promise<bigint | null>) {
    // Its own connections are never opened: every query goes to a pool it routes to.
    super({ max: 1 });
    this.#primary = primary;
    this.#replicas = replicas;
    this.#atLeast = atLeast;
  }

  async #on<T>(run: (target: pg.Pool) => Promise<T>): Promise<T> {
    let replica: Replica | null = null;
    try {
      replica = this.#replicas.pick(await this.#atLeast());
    } catch {
      // No replica known to fit: the primary answers.
    }
    if (!replica) return run(this.#primary);
    try {
      return await run(replica.pool);
    } catch (error) {
      if (!isDatabaseUnavailable(error) && !conflictedWithRecovery(error)) throw error;
      this.#replicas.lost(replica, error);
      return run(this.#primary);
    }
  }

  // pg's query() has many shapes; every one is passed through as it came.
  override query(...args: Args): never {
    const callback = typeof args.at(-1) === "function" ? (args.pop() as (error: Error | null, result?: unknown) => void) : null;
    // A Submittable (a cursor, a stream) is driven by its own connection: the primary's.
    if ((args[0] as { submit?: unknown } | null)?.submit) return (this.#primary.query as (...a: Args) => never)(...args, ...(callback ? [callback] : []));
    const result = this.#on((target) => (target.query as (...a: Args) => Promise<unknown>)(...args));
    if (!callback) return result as never;
    result.then(
      (value) => callback(null, value),
      (error: Error) => callback(error),
    );
    return undefined as never;
  }

  override connect(callback?: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): never {
    const connecting = this.#on((target) => target.connect());
    if (!callback) return connecting as never;
    connecting.then(
      (client) => callback(undefined, client, (release) => client.release(release as boolean | Error | undefined)),
      (error: Error) => callback(error, undefined, () => {}),
    );
    return undefined as never;
  }
}

/** A pg Pool whose reads go to a replica fit for them (one that has replayed `atLeast()`), else to `primary`. */
export function routedPool(primary: pg.Pool, replicas: ReadReplicas, atLeast: () => Promise<bigint | null>): pg.Pool {
  return new RoutedPool(primary, replicas, atLeast);
}
