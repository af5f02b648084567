// npm test - unit and integration tests (Vitest) and browser tests
// (Playwright in Chromium), all against one production build of Callscope
// on a fresh database. Ends with one summary line.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { startStack } from "../tests/support/stack";
import { ensureBuild } from "./ensure-build";

const require = createRequire(import.meta.url);
const binOf = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
ensureBuild();
rmSync("test-reports", { recursive: true, force: true });
mkdirSync("test-reports", { recursive: true });

const stack = await startStack();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void stack.stop().finally(() => process.exit(130)));
}
const env = { ...process.env, CALLSCOPE_TEST_URL: stack.baseUrl, CALLSCOPE_TEST_DATABASE_URL: stack.databaseUrl, CALLSCOPE_TEST_DATA_DIR: stack.dataDir };
const args = process.argv.slice(2);
/** Test files named on the command line run alone: `*.spec.ts` in Playwright, the others in Vitest. */
const files = args.filter((a) => !a.startsWith("--"));
const specs = files.filter((f) => f.endsWith(".spec.ts"));
const units = files.filter((f) => !f.endsWith(".spec.ts"));
const named = files.length > 0;

/**
 * Runs a test runner as a child and waits for it without blocking this
 * process: the embedded database's output is read here, and a blocked reader
 * would leave the server's log pipe full and its backends stuck writing to it.
 */
function run(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: "inherit", env });
    child.on("exit", (code) => resolve(code ?? 1));
    child.on("error", () => resolve(1));
  });
}

let vitestCode = 0;
let playwrightCode = 0;
try {
  if (!args.includes("--e2e-only") && (!named || units.length)) {
    vitestCode = await run([binOf("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", "--outputFile=test-reports/vitest.json", ...units]);
  }
  if (!args.includes("--unit-only") && (!named || specs.length)) {
    playwrightCode = await run([binOf("@playwright/test", "cli.js"), "test", ...specs]);
  }
} finally {
  await stack.stop();
}

function counts(file: string, read: (json: any) => { passed: number; failed: number; skipped: number }) {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  return read(JSON.parse(readFileSync(file, "utf8")));
}
const unit = counts("test-reports/vitest.json", (j) => ({ passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + j.numTodoTests }));
const e2e = counts("test-reports/playwright.json", (j) => ({ passed: j.stats.expected, failed: j.stats.unexpected + j.stats.flaky, skipped: j.stats.skipped }));
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed;
console.log(`\nVitest: ${unit.passed} passed, ${unit.failed} failed. Playwright: ${e2e.passed} passed, ${e2e.failed} failed.`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(vitestCode || playwrightCode || (failed > 0 ? 1 : 0) || (passed === 0 ? 1 : 0));
