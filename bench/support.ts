// Shared pieces of the benchmarks: timing, percentiles, processes, results.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Percentiles to the microsecond: sub-millisecond reads are compared by their ratio, which rounding to 0.1 ms would swamp. */
export function summary(ms: number[]) {
  return { n: ms.length, p50: round(percentile(ms, 50), 3), p95: round(percentile(ms, 95), 3), max: round(Math.max(...ms), 3) };
}

export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export function tempDir(prefix: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

/** The console user of the benchmarks, made at the server's first start on a bench database. */
export const BENCH_ADMIN = { email: "bench@callscope.local", password: "bench-password-0123" };

export function startNext(env: Record<string, string>, port: number): ChildProcess {
  // The bench data set's response gaps are seeded by SQL (seed.ts): the server does not measure 200,000 calls again while it is timed.
  env = { CALLSCOPE_ADMIN_EMAIL: BENCH_ADMIN.email, CALLSCOPE_ADMIN_PASSWORD: BENCH_ADMIN.password, CONVERSATION_BACKFILL: "false", ...env };
  return spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      path.join(ROOT, "scripts/next-server.mjs"),
      "start",
      "-p",
      String(port),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", ...env, PORT: String(port) },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
}

export async function waitHealthy(url: string, child: ChildProcess | null, timeoutMs = 120_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child && child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} did not become healthy`);
}

/** `size` bytes of audio, made while they are sent, so that the client holds no copy of them. */
export function audioBody(size: number) {
  const chunk = Buffer.alloc(1024 * 1024, 7);
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(new Uint8Array(chunk));
      sent += chunk.length;
    },
  });
}

/** Signs the bench admin in and returns the session cookie, for requests to console pages. */
export async function signInCookie(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(BENCH_ADMIN),
  });
  if (!res.ok) throw new Error(`signing in to the bench server answered ${res.status}: ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A console page, signed in; a redirect (to sign-in) is an error, not a page. */
export async function fetchPage(url: string, cookie: string): Promise<string> {
  const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return res.text();
}

export async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

export function writeResult(name: string, result: unknown) {
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  const file = path.join(ROOT, "bench/results", `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify({ name, at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, ...(result as object) }, null, 2),
  );
  return path.relative(ROOT, file);
}

/** Times `run` `n` times after one warm-up run. */
export async function sample(n: number, run: () => Promise<unknown>) {
  const times: number[] = [];
  await run();
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return summary(times);
}

/** Resident memory of a process and the processes it started, in bytes (Linux). */
export function rss(pid: number): number {
  const table = execFileSync("ps", ["-eo", "pid=,ppid=,rss="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number));
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [p, parent] of table) {
      if (tree.has(parent) && !tree.has(p)) {
        tree.add(p);
        grew = true;
      }
    }
  }
  return table.filter(([p]) => tree.has(p)).reduce((sum, [, , kb]) => sum + kb * 1024, 0);
}

/** The highest resident memory of `pid` while `run` runs, sampled every 20 ms. */
export async function peakRss<T>(pid: number, run: () => Promise<T>): Promise<{ value: T; before: number; peak: number }> {
  const before = rss(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 20);
  try {
    const value = await run();
    peak = Math.max(peak, rss(pid));
    return { value, before, peak };
  } finally {
    clearInterval(timer);
  }
}
