// The read replicas of DATABASE_READ_URL: one pool each, checked every second
// against the primary. A replica is read from while it answers, is a standby,
// and is no further behind than DATABASE_READ_MAX_LAG_S; otherwise reads go to
// the primary, and each change of that is one log line.
import type pg from "pg";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import { createPool } from "./create-pool";
import { parseLsn } from "./wal-position";

export const CHECK_EVERY_MS = 1_000;

type State = "unknown" | "ready" | "lagging" | "away";

export type Replica = {
  /** host, port and database, never the password: what log lines name */
  name: string;
  pool: pg.Pool;
  state: State;
  /** how far it had replayed the primary's log at the last check */
  replayed: bigint | null;
};

export type ReadReplicas = {
  /** A replica to read from, one that had replayed `atLeast` when given; null: read the primary. */
  pick: (atLeast: bigint | null) => Replica | null;
  /** A query found the replica away: reads leave it now, not at the next check. */
  lost: (replica: Replica, error: unknown) => void;
  check: () => Promise<void>;
  close: () => Promise<void>;
};

type Options = { maxLagS: number; poolSize: number; log: (line: string) => void; checkEveryMs?: number };

export function replicaName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

/**
 * How far behind a replica is, in seconds: since the newest moment the primary
 * had written no more than the replica has replayed. `written` holds the
 * primary's position at each check, oldest first.
 */
export function lagSeconds(replayed: bigint, written: { at: number; lsn: bigint }[], now: number): number {
  const newest = written.at(-1);
  if (!newest || replayed >= newest.lsn) return 0;
  for (let i = written.length - 1; i >= 0; i--) if (written[i].lsn <= replayed) return (now - written[i].at) / 1000;
  return (now - written[0].at) / 1000;
}

export function createReadReplicas(primary: pg.Pool, urls: string[], options: Options): ReadReplicas {
  const replicas: Replica[] = urls.map((url) => ({ name: replicaName(url), pool: createPool(url, options.poolSize), state: "unknown", replayed: null }));
  const written: { at: number; lsn: bigint }[] = [];
  // Long enough to tell a replica more than the limit behind from one just under it.
  const keepMs = (options.maxLagS * 2 + 10) * 1000;
  let next = 0;

  const become = (replica: Replica, state: State, why: string) => {
    if (replica.state === state) return;
    const before = replica.state;
    replica.state = state;
    if (state === "ready") options.log(`[callscope] read replica ${replica.name} ${before === "unknown" ? "is ready" : why}: reads go to it`);
    else
      options.log(
        `[callscope] read replica ${replica.name} ${why}: reads go to the primary until ${state === "lagging" ? "it catches up" : "it answers again"}`,
      );
  };

  async function checkReplica(replica: Replica, now: number) {
    try {
      const { rows } = await replica.pool.query<{ standby: boolean; replayed: string | null }>(
        "select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replayed",
      );
      const replayed = parseLsn(rows[0].replayed);
      if (!rows[0].standby || replayed === null) return become(replica, "away", "is not a standby (pg_is_in_recovery() is false)");
      replica.replayed = replayed;
      const lag = lagSeconds(replayed, written, now);
      if (lag > options.maxLagS)
        become(replica, "lagging", `is ${Math.round(lag)} s behind the primary, more than DATABASE_READ_MAX_LAG_S (${options.maxLagS} s)`);
      else become(replica, "ready", replica.state === "lagging" ? "has caught up" : "answers again");
    } catch (error) {
      become(replica, "away", `is unreachable (${(error as Error).message})`);
    }
  }

  async function check() {
    const now = Date.now();
    try {
      const { rows } = await primary.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn");
      const lsn = parseLsn(rows[0].lsn);
      if (lsn !== null) written.push({ at: now, lsn });
      while (written.length > 1 && written[0].at < now - keepMs) written.shift();
    } catch {
      // The primary away: the replicas are judged by the positions seen so far.
    }
    await Promise.all(replicas.map((replica) => checkReplica(replica, now)));
  }

  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= check().finally(() => (running = null));
  }, options.checkEveryMs ?? CHECK_EVERY_MS);
  timer.unref();
  running = check().finally(() => (running = null));

  return {
    pick(atLeast) {
      const usable = replicas.filter((r) => r.state === "ready" && (atLeast === null || (r.replayed !== null && r.replayed >= atLeast)));
      if (usable.length === 0) return null;
      next = (next + 1) % usable.length;
      return usable[next];
    },
    lost(replica, error) {
      if (isDatabaseUnavailable(error)) become(replica, "away", `is unreachable (${(error as Error).message})`);
    },
    check,
    async close() {
      clearInterval(timer);
      await running;
      await Promise.all(replicas.map((r) => r.pool.end().catch(() => {})));
    },
  };
}
