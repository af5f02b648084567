import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Debian's Chromium when it is there (or CHROMIUM_PATH), else Playwright's own browser.
const executablePath = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"], ["json", { outputFile: "test-reports/playwright.json" }]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: process.env.CALLSCOPE_TEST_URL,
    // Signed in as the admin unless a test says otherwise (global-setup.ts).
    storageState: "test-reports/.auth/admin.json",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    },
  },
});
