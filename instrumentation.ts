// Runs once when the server starts: a bad setting stops it here, naming the
// variable, instead of failing at the first request; the first admin is made
// when there is no user; the latency histograms are kept current in the
// background, and what the caller heard is measured for each finished call;
// failing calls are grouped into causes;
// monitors are evaluated and their notifications sent; what is past its
// retention period is deleted daily; the live stream's old changes are
// pruned; with a Cartesia API
// key, the background sync worker starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { validateEnvOrExit } = await import("@/lib/boot/validate-env");
  validateEnvOrExit();
  const { createFirstAdminIfNone } = await import("@/lib/boot/first-admin");
  await createFirstAdminIfNone().catch((error) => console.error(`[callscope] could not make the first admin: ${(error as Error).message}`));
  const [{ startRollupWorker }, { pool }] = await Promise.all([import("@/lib/latency/rollup"), import("@/lib/db/client")]);
  startRollupWorker(pool);
  const { startConversationWorker } = await import("@/lib/conversation/conversation-worker");
  startConversationWorker();
  const { startCauseWorker } = await import("@/lib/causes/cause-worker");
  startCauseWorker();
  const { startMonitorWorker } = await import("@/lib/monitors/monitor-worker");
  startMonitorWorker();
  const { startRetentionWorker } = await import("@/lib/privacy/retention-worker");
  startRetentionWorker();
  const { startPruneWorker } = await import("@/lib/live/prune-worker");
  startPruneWorker();
  const { startSyncWorker } = await import("@/lib/sync/sync-worker");
  startSyncWorker();
}
