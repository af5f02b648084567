// Runs once when the server starts: a bad setting stops it here, naming the
// variable, instead of failing at the first request; the first admin is made
// when there is no user; then the background loops start (the list is
// lib/boot/background-loops.ts): latency histograms, what the caller heard,
// causes, monitors and notifications, retention, the live stream's pruning
// and, with a Cartesia API key, the sync.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { validateEnvOrExit } = await import("@/lib/boot/validate-env");
  validateEnvOrExit();
  const { createFirstAdminIfNone } = await import("@/lib/boot/first-admin");
  await createFirstAdminIfNone().catch((error) => console.error(`[callscope] could not make the first admin: ${(error as Error).message}`));
  const [{ BACKGROUND_LOOPS }, { startLoops }] = await Promise.all([import("@/lib/boot/background-loops"), import("@/lib/jobs/worker")]);
  startLoops(BACKGROUND_LOOPS);
}
