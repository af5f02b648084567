// Limits that hold across instances, kept in Postgres. Failed webhook and API
// authentications are written as they happen; each instance reads the
// addresses over the limit once a second, so a client refused by one is
// refused by every other within a second, while a request that passes costs
// no database round trip. Sign-in attempts are counted by Better Auth
// through `signInStorage`, one atomic statement per attempt.
import type { BetterAuthOptions } from "better-auth";
import type { Pool } from "pg";
import { processSingleton } from "@/lib/process-singleton";

type RateLimitStorage = NonNullable<NonNullable<BetterAuthOptions["rateLimit"]>["customStorage"]>;

export type SharedFailures = {
  /** Notes a failure of this address (written in the background). */
  record(address: string): void;
  /** Seconds until this address may try again, as of the last read, or 0. */
  retryAfter(address: string): number;
  /** Reads the addresses over the limit now (the timer does this every second). */
  refresh(): Promise<void>;
};

const LIMITED_SQL = `select address, ceil(extract(epoch from (min(at) + $2 * interval '1 millisecond' - now())))::int as wait
  from (select address, at, row_number() over (partition by address order by at desc) as n
        from auth_failures where at > now() - $2 * interval '1 millisecond') recent
  where n <= $1 group by address having count(*) >= $1`;

export function sharedFailures(pool: () => Pool, limit: number, windowMs: number): SharedFailures {
  return processSingleton("shared-failures", () => {
    let limited = new Map<string, number>();
    const refresh = async () => {
      const { rows } = await pool().query(LIMITED_SQL, [limit, windowMs]);
      const now = Date.now();
      limited = new Map(rows.map((r) => [r.address as string, now + Math.max(1, r.wait as number) * 1000]));
    };
    setInterval(() => void refresh().catch(() => {}), 1000).unref();
    return {
      record(address) {
        pool()
          .query("insert into auth_failures (address) values ($1)", [address])
          .catch(() => {});
      },
      retryAfter(address) {
        const until = limited.get(address);
        return until ? Math.max(0, Math.ceil((until - Date.now()) / 1000)) : 0;
      },
      refresh,
    };
  });
}

/** Better Auth's sign-in counts in Postgres: a fixed window per key, checked and counted in one statement. */
export function signInStorage(pool: () => Pool): RateLimitStorage {
  return {
    async consume(key, rule) {
      const { rows } = await pool().query(
        `insert into rate_limits as r (key, count, window_start) values ($1, 1, now())
         on conflict (key) do update set
           count = case when r.window_start <= now() - $2 * interval '1 second' then 1 else least(r.count + 1, $3 + 1) end,
           window_start = case when r.window_start <= now() - $2 * interval '1 second' then now() else r.window_start end
         returning count, ceil(extract(epoch from (window_start + $2 * interval '1 second' - now())))::int as wait`,
        [key, rule.window, rule.max],
      );
      const allowed = (rows[0].count as number) <= rule.max;
      return { allowed, retryAfter: allowed ? null : Math.max(1, rows[0].wait as number) };
    },
  };
}
