// The latency histograms kept current in the background: every two seconds
// each instance rebuilds the hours noted as changed (one instance at a time
// per hour, see rollup.ts); less often while ingest is busy, which it yields to.
import { pool } from "@/lib/db/client";
import { ingestBusy } from "@/lib/jobs/ingest-activity";
import type { Loop } from "@/lib/jobs/worker";
import { rebuildChangedHours } from "./rollup";

export const rollupLoop: Loop = { name: "latency rollup", everyMs: 2000, yieldWhile: ingestBusy, tick: () => rebuildChangedHours(pool()) };
