// `npm start` on a fresh clone (or after a pull) builds first: the build is
// made when there is none or when a source file is newer than it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "prisma", "public", "next.config.ts", "package.json", "instrumentation.ts", "proxy.ts", "postcss.config.mjs"];
const SKIP = new Set(["node_modules", "generated", ".next"]);

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) {
    if (SKIP.has(child)) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

export function ensureBuild(root = process.cwd()) {
  const buildId = path.join(root, ".next/BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  if (builtAt && builtAt >= changedAt) return;
  console.log(builtAt ? "[callscope] sources changed since the last build: building…" : "[callscope] first start: building the app…");
  const require = createRequire(import.meta.url);
  const result = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { stdio: "inherit", cwd: root });
  if (result.status !== 0) {
    console.error("[callscope] the build failed");
    process.exit(result.status ?? 1);
  }
}
