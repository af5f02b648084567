// Loaded into a test server (`startStack({ memoryProbe: true })`, which also
// passes --expose-gc): on SIGUSR2 the server collects its garbage and appends
// what its main thread then holds to memory-probe.jsonl in its data folder.
// Read through tests/support/memory.ts.
import { appendFileSync } from "node:fs";
import path from "node:path";
import { isMainThread } from "node:worker_threads";

if (isMainThread && typeof globalThis.gc === "function" && process.env.CALLSCOPE_DATA_DIR) {
  const file = path.join(process.env.CALLSCOPE_DATA_DIR, "memory-probe.jsonl");
  process.on("SIGUSR2", () => {
    // Twice: V8 frees the memory of dead ArrayBuffers on another thread after a collection, and counts it
    // freed only when that is done, which the next collection waits for. With one, a sample could count
    // a part or two that was already garbage.
    globalThis.gc();
    globalThis.gc();
    const { heapUsed, external, arrayBuffers, rss } = process.memoryUsage();
    appendFileSync(file, `${JSON.stringify({ heapUsed, external, arrayBuffers, rss })}\n`);
  });
}
