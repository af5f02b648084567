// The one place background work runs. A loop is a named round of work run
// every few seconds in each instance, never two rounds at once; a recurring
// job is a row of the job queue that every instance tries to claim (SKIP
// LOCKED gives it to one), runs, and queues again, so it runs once across
// instances. One way to treat a failure: a database that is away is waited
// out quietly (the work stays queued, the next round retries), anything else
// is logged as `[callscope] <loop>: <message>`, at most once a minute while it
// repeats; and each round is counted by loop and outcome for /metrics. A
// loop that does the work each finished call queues yields to ingest: while
// `yieldWhile` holds (webhook ingest busy, lib/jobs/ingest-activity.ts), its
// rounds start at most every BUSY_PACING.everyMs and are asked to stop after
// BUSY_PACING.sliceMs, so the work keeps moving at a small share of the
// machine under load and catches up at full speed after it.
import type { Pool } from "pg";
import { Counter } from "prom-client";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import { processSingleton } from "@/lib/process-singleton";
import { claim, reschedule } from "./job-queue";

export type Loop = {
  /** names the loop in log lines and in /metrics */
  name: string;
  everyMs: number;
  /** run before the first round, and again before each round until it has succeeded once (e.g. ensureRecurringJob) */
  prepare?: () => Promise<unknown>;
  /** one round of work */
  tick: (round: Round) => Promise<unknown>;
  /** while this holds, the loop yields (see above): e.g. ingestBusy */
  yieldWhile?: () => boolean;
};

export type Round = {
  /** whether the loop is yielding in this round: a round may take smaller batches */
  busy: boolean;
  /** true once a yielding round has had its share: stop after the current item, the rest waits for a later round */
  yielding: () => boolean;
};

/** How a loop's rounds are paced while it yields. */
export const BUSY_PACING = { everyMs: 5000, sliceMs: 250 };

export const ROUND_OUTCOMES = ["ok", "failed", "database_away"] as const;

/** Rounds of each loop run by this instance, by outcome. */
export const workerRounds = () =>
  processSingleton(
    "worker-rounds-counter",
    () =>
      new Counter({
        name: "callscope_worker_rounds_total",
        help: "Rounds of each background loop run by this instance, by outcome (ok, failed, database_away).",
        labelNames: ["loop", "outcome"],
        registers: [],
      }),
  );

const LOG_EVERY_MS = 60_000;

/** Starts a loop once per process (its timer); its rounds never overlap. */
export function startLoop(loop: Loop, pacing = BUSY_PACING): NodeJS.Timeout {
  return processSingleton(`worker:${loop.name}`, () => {
    const rounds = workerRounds();
    for (const outcome of ROUND_OUTCOMES) rounds.inc({ loop: loop.name, outcome }, 0);
    let running = false;
    let prepared = !loop.prepare;
    let logged = { message: "", at: 0 };
    let lastStart = -Infinity;
    const round = async (busy: boolean) => {
      if (!prepared) {
        await loop.prepare!();
        prepared = true;
      }
      const start = performance.now();
      await loop.tick({ busy, yielding: () => busy && performance.now() - start >= pacing.sliceMs && !!loop.yieldWhile?.() });
    };
    return setInterval(() => {
      if (running) return;
      const busy = !!loop.yieldWhile?.();
      if (busy && performance.now() - lastStart < pacing.everyMs) return;
      lastStart = performance.now();
      running = true;
      round(busy)
        .then(
          () => rounds.inc({ loop: loop.name, outcome: "ok" }),
          (error) => {
            if (isDatabaseUnavailable(error)) return rounds.inc({ loop: loop.name, outcome: "database_away" });
            rounds.inc({ loop: loop.name, outcome: "failed" });
            const message = (error as Error)?.message ?? String(error);
            if (message === logged.message && Date.now() - logged.at < LOG_EVERY_MS) return;
            logged = { message, at: Date.now() };
            console.error(`[callscope] ${loop.name}: ${message}`);
          },
        )
        .finally(() => (running = false));
    }, loop.everyMs).unref();
  });
}

export function startLoops(loops: readonly Loop[]) {
  for (const loop of loops) startLoop(loop);
}

/** Makes a recurring job's one row, unless an instance already has. */
export async function ensureRecurringJob(db: Pool, kind: string) {
  await db.query("insert into jobs (kind, key, payload) values ($1, $1, '{}') on conflict (key) do nothing", [kind]);
}

/**
 * Runs a recurring job when it is due and no other instance holds it: `work`
 * answers in how many seconds it runs next; when it throws, the job runs
 * again after `retryS` with the error kept, and the error goes on to the loop.
 * Returns whether it ran.
 */
export async function runRecurringJob(db: Pool, kind: string, retryS: number, work: () => Promise<number>): Promise<boolean> {
  const job = await claim(db, [kind]);
  if (!job) return false;
  let nextS: number;
  try {
    nextS = await work();
  } catch (error) {
    await reschedule(db, job.id, retryS, (error as Error).message).catch(() => {});
    throw error;
  }
  await reschedule(db, job.id, nextS);
  return true;
}
