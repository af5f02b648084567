// What a test server holds, rather than how large its process is.
//
// A process's resident memory (RSS) is what the code holds plus what the
// runtime has not given back: garbage not yet collected, the young
// generation's size, pages the allocator keeps for later. That part depends
// on the Node.js line far more than on the code. Node.js 24's V8 lets the
// young generation grow to 128 MB where Node.js 20 and 22 stop at 32 MB,
// and leaves more dead Buffers uncollected for longer (with its young
// generation held to 32 MB, RSS still grew as much). So the same 100 MB
// upload to S3 grew the server's RSS by 8-29 MB on Node.js 20 and 22 and by
// 46-65 MB on 24, while what it held after a full collection was the same
// 16 MB more on all three: three of the 5 MB parts lib-storage gathers.
//
// So a memory budget is checked against what survives a full collection:
// the main thread's heap in use plus its ArrayBuffers (every Buffer is one).
// That is what a leak or an unbounded queue grows, on every Node.js, and
// what the budgets are for. (Not `external`, which also counts such things
// as the source of loaded modules and moved by 20 MB either way during an
// upload, unrelated to it. Worker threads have heaps of their own and are
// not counted: the code the budgets are for runs on the main thread.)
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Stack } from "./stack";

type Sample = { heapUsed: number; external: number; arrayBuffers: number; rss: number };

const samples = (stack: Stack): Sample[] => {
  const file = path.join(stack.dataDir, "memory-probe.jsonl");
  if (!existsSync(file)) return [];
  // Only whole lines: the last piece is empty, or a line the server is still writing.
  return readFileSync(file, "utf8")
    .split("\n")
    .slice(0, -1)
    .map((line) => JSON.parse(line) as Sample);
};

/**
 * The bytes the server's main thread holds after a full collection: heap in use plus ArrayBuffers (Buffers
 * included). The stack must have been started with `memoryProbe: true`.
 */
export async function liveBytes(stack: Stack): Promise<number> {
  const count = samples(stack).length;
  process.kill(stack.pid, "SIGUSR2");
  const started = Date.now();
  for (;;) {
    const sample = samples(stack)[count];
    if (sample) return sample.heapUsed + sample.arrayBuffers;
    if (Date.now() - started > 10_000) throw new Error("the server did not report its memory (is it started with memoryProbe: true?)");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The most liveBytes held while `during` runs, sampled every `everyMs` and once more when it is done (what it
 * left held counts too), and what `during` answered.
 */
export async function peakLiveBytes<T>(stack: Stack, during: () => Promise<T>, everyMs = 100): Promise<{ result: T; peak: number }> {
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await liveBytes(stack));
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  let result: T;
  try {
    result = await during();
  } finally {
    sampling = false;
    await sampler;
  }
  peak = Math.max(peak, await liveBytes(stack));
  return { result, peak };
}
