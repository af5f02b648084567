// The latency histograms kept current in the background: every two seconds
// each instance rebuilds the hours noted as changed (one instance at a time
// per hour, see rollup.ts).
import { pool } from "@/lib/db/client";
import type { Loop } from "@/lib/jobs/worker";
import { rebuildChangedHours } from "./rollup";

export const rollupLoop: Loop = { name: "latency rollup", everyMs: 2000, tick: () => rebuildChangedHours(pool()) };
