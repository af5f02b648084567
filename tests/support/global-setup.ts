// Starts one Callscope for the whole run, unless `npm test` already did and
// passed its address in the environment.
import type { TestProject } from "vitest/node";
import { startStack, TEST_ADMIN_API_KEY, TEST_WEBHOOK_SECRET } from "./stack";

export default async function setup(project: TestProject) {
  if (process.env.CALLSCOPE_TEST_URL && process.env.CALLSCOPE_TEST_DATABASE_URL) {
    project.provide("baseUrl", process.env.CALLSCOPE_TEST_URL);
    project.provide("databaseUrl", process.env.CALLSCOPE_TEST_DATABASE_URL);
    project.provide("dataDir", process.env.CALLSCOPE_TEST_DATA_DIR ?? "");
    project.provide("webhookSecret", TEST_WEBHOOK_SECRET);
    project.provide("adminKey", TEST_ADMIN_API_KEY);
    return;
  }
  const { ensureBuild } = await import("../../scripts/ensure-build");
  ensureBuild();
  const stack = await startStack();
  project.provide("baseUrl", stack.baseUrl);
  project.provide("databaseUrl", stack.databaseUrl);
  project.provide("dataDir", stack.dataDir);
  project.provide("webhookSecret", TEST_WEBHOOK_SECRET);
  project.provide("adminKey", TEST_ADMIN_API_KEY);
  return () => stack.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    /** the server's CALLSCOPE_DATA_DIR (recordings live under it) */
    dataDir: string;
    webhookSecret: string;
    adminKey: string;
  }
}
