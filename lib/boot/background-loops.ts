// Every loop of background work, in one list: instrumentation.ts starts them
// in each instance (lib/jobs/worker.ts runs them). To add one, write its Loop
// beside the work it does and name it here; a durable job kind also goes in
// lib/jobs/job-kinds.ts.
import { causeLoop } from "@/lib/causes/cause-worker";
import { conversationLoop } from "@/lib/conversation/conversation-worker";
import type { Loop } from "@/lib/jobs/worker";
import { rollupLoop } from "@/lib/latency/rollup-worker";
import { pruneLoop } from "@/lib/live/prune-worker";
import { callCountsLoop } from "@/lib/metrics/call-counts-worker";
import { monitorLoop } from "@/lib/monitors/monitor-worker";
import { retentionLoop } from "@/lib/privacy/retention-worker";
import { syncLoop } from "@/lib/sync/sync-worker";

export const BACKGROUND_LOOPS: readonly Loop[] = [rollupLoop, conversationLoop, causeLoop, monitorLoop, retentionLoop, pruneLoop, callCountsLoop, syncLoop];
