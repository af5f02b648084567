// Playwright's run: start a Callscope unless `npm test` already did, then sign
// in as the admin and as the member once and keep their sessions for the tests.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { request } from "@playwright/test";
import { startStack, TEST_ADMIN, TEST_MEMBER } from "../support/stack";

export const AUTH_DIR = path.resolve(import.meta.dirname, "../../test-reports/.auth");

async function saveSession(baseURL: string, user: { email: string; password: string }, file: string) {
  const context = await request.newContext({ baseURL });
  const response = await context.post("/api/auth/sign-in/email", { data: user, headers: { origin: baseURL } });
  if (!response.ok()) throw new Error(`signing in ${user.email} answered ${response.status()}: ${await response.text()}`);
  await context.storageState({ path: path.join(AUTH_DIR, file) });
  await context.dispose();
}

export default async function globalSetup() {
  let stop: (() => Promise<void>) | undefined;
  if (!process.env.CALLSCOPE_TEST_URL) {
    const { ensureBuild } = await import("../../scripts/ensure-build");
    ensureBuild();
    const stack = await startStack();
    process.env.CALLSCOPE_TEST_URL = stack.baseUrl;
    process.env.CALLSCOPE_TEST_DATABASE_URL = stack.databaseUrl;
    process.env.CALLSCOPE_TEST_DATA_DIR = stack.dataDir;
    stop = stack.stop;
  }
  mkdirSync(AUTH_DIR, { recursive: true });
  await saveSession(process.env.CALLSCOPE_TEST_URL!, TEST_ADMIN, "admin.json");
  await saveSession(process.env.CALLSCOPE_TEST_URL!, TEST_MEMBER, "member.json");
  return stop;
}
