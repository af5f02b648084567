// Playwright run on its own (npx playwright test): start a Callscope for it.
import { startStack } from "../support/stack";

export default async function globalSetup() {
  if (process.env.CALLSCOPE_TEST_URL) return;
  const { ensureBuild } = await import("../../scripts/ensure-build");
  ensureBuild();
  const stack = await startStack();
  process.env.CALLSCOPE_TEST_URL = stack.baseUrl;
  process.env.CALLSCOPE_TEST_DATABASE_URL = stack.databaseUrl;
  return () => stack.stop();
}
