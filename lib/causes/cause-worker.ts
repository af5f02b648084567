// The cause worker: drains the cause queue in the background (calls that
// finished, or got an error, a tool call or their conversation figures since),
// and ages the causes' states. Never on a request's path. The calls stored
// before causes existed were queued by their migration, oldest first, so the
// first start works through them a batch at a time, resumably.
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { ingestBusy } from "@/lib/jobs/ingest-activity";
import type { Loop } from "@/lib/jobs/worker";
import type { CauseSettings } from "./call-causes";
import { ageCauses, workOutCauses } from "./work-out-causes";

export function causeSettings(): CauseSettings {
  return { badEndReasons: env().CAUSE_END_REASONS, deadAirS: env().CAUSE_DEAD_AIR_S };
}

/** Drains the queue every second, a batch at a time while batches come full (smaller ones while ingest is busy, which it yields to), and ages the states once a minute. */
export const causeLoop: Loop = (() => {
  let rounds = 0;
  return {
    name: "causes",
    everyMs: 1000,
    yieldWhile: ingestBusy,
    tick: async (round) => {
      const batch = round.busy ? 50 : 500;
      for (let taken = batch; taken === batch && !round.yielding();) taken = await workOutCauses(pool(), causeSettings(), batch);
      if (rounds++ % 60 === 0) await ageCauses(pool(), env().CAUSE_NEW_DAYS);
    },
  };
})();
