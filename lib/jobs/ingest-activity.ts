// How busy webhook ingest is in this process, measured where it happens: the
// share of the last whole second during which at least one delivery was in
// the server's hands (read, stored, answered). The background loops that
// each finished call feeds yield while it is high (lib/jobs/worker.ts): on
// two cores their rounds would otherwise take CPU and database time from the
// deliveries. Two clock reads a delivery; no timer.
import { processSingleton } from "@/lib/process-singleton";

const WINDOW_MS = 1000;
/** At or above this share of a second with a delivery in flight, ingest counts as busy. */
export const BUSY_SHARE = 0.5;

type Activity = { inFlight: number; since: number; windowStart: number; busyMs: number; lastShare: number };

/** One per process, or one of a test's own. */
export function ingestActivity(now = performance.now()) {
  const a: Activity = { inFlight: 0, since: now, windowStart: now, busyMs: 0, lastShare: 0 };
  // Closes the window (or windows) that ended by `t`.
  const roll = (t: number) => {
    const elapsed = t - a.windowStart;
    if (elapsed < WINDOW_MS) return;
    const end = a.windowStart + WINDOW_MS;
    const busy = a.busyMs + (a.inFlight ? end - a.since : 0);
    // More than a whole window since: the last whole one was all busy or all idle.
    a.lastShare = elapsed < 2 * WINDOW_MS ? busy / WINDOW_MS : a.inFlight ? 1 : 0;
    a.windowStart = elapsed < 2 * WINDOW_MS ? end : t - (elapsed % WINDOW_MS);
    a.busyMs = 0;
    if (a.inFlight) a.since = a.windowStart;
  };
  return {
    started(t = performance.now()) {
      roll(t);
      if (a.inFlight++ === 0) a.since = t;
    },
    ended(t = performance.now()) {
      roll(t);
      if (--a.inFlight === 0) a.busyMs += t - a.since;
    },
    /** The share of the last whole second with a delivery in flight, 0 to 1. */
    share(t = performance.now()) {
      roll(t);
      return a.lastShare;
    },
  };
}

const processActivity = () => processSingleton("ingest-activity", () => ingestActivity());

/** Counts `work` (one delivery) as ingest in flight while it runs. */
export async function duringIngest<T>(work: () => Promise<T>): Promise<T> {
  const activity = processActivity();
  activity.started();
  try {
    return await work();
  } finally {
    activity.ended();
  }
}

/** Whether webhook ingest in this process has been busy over the last second. */
export const ingestBusy = () => processActivity().share() >= BUSY_SHARE;
