// The cause worker: drains the cause queue in the background (calls that
// finished, or got an error, a tool call or their conversation figures since),
// and ages the causes' states. Never on a request's path. The calls stored
// before causes existed were queued by their migration, oldest first, so the
// first start works through them a batch at a time, resumably.
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import type { CauseSettings } from "./call-causes";
import { ageCauses, workOutCauses } from "./work-out-causes";

export function causeSettings(): CauseSettings {
  return { badEndReasons: env().CAUSE_END_REASONS, deadAirS: env().CAUSE_DEAD_AIR_S };
}

export function startCauseWorker(everyMs = 1000) {
  processSingleton("cause-worker", () => {
    let running = false;
    let rounds = 0;
    return setInterval(() => {
      if (running) return;
      running = true;
      (async () => {
        // A full batch means more are waiting: keep going in this round, a batch at a time.
        for (let taken = 500; taken === 500;) taken = await workOutCauses(pool(), causeSettings(), 500);
        if (rounds++ % 60 === 0) await ageCauses(pool(), env().CAUSE_NEW_DAYS);
      })()
        .catch(() => {
          // the database may be away for a moment, or two instances met on one cause: the queue keeps the calls
        })
        .finally(() => (running = false));
    }, everyMs).unref();
  });
}
