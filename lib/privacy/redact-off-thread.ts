// The server's side of the redaction thread: a batch of rows goes over with
// the policy and how to redact their columns, and the gate (redact-for-store.ts)
// redacts them there, so that a long text being searched never holds up the
// server's requests (and /api/health) on the main thread. One thread per
// process, started at the first batch and replaced when it fails (the batches
// it held fail, and their requests are answered 503: nothing of them was stored).
import "server-only";
import { Worker } from "node:worker_threads";
import { processSingleton } from "@/lib/process-singleton";
import type { RedactionPolicy } from "./redact";
import { type RedactedRow, redactForStore, type StoreColumns } from "./redact-for-store";

export type RedactRequest = { id: number; policy: RedactionPolicy; rows: readonly object[]; columns: StoreColumns<object> };
export type RedactReply = { id: number; rows: RedactedRow<object>[] } | { id: number; error: string };

export class RedactionThreadFailed extends Error {}

type Waiting = { resolve: (rows: RedactedRow<object>[]) => void; reject: (error: Error) => void };

function createRedactionThread(start: () => Worker) {
  let current: { worker: Worker; waiting: Map<number, Waiting> } | null = null;
  let lastId = 0;

  function startThread() {
    const thread = { worker: start(), waiting: new Map<number, Waiting>() };
    thread.worker.unref();
    thread.worker.on("message", (reply: RedactReply) => {
      const waiting = thread.waiting.get(reply.id);
      if (!waiting) return;
      thread.waiting.delete(reply.id);
      if ("rows" in reply) waiting.resolve(reply.rows);
      else waiting.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      if (current === thread) current = null;
      for (const waiting of thread.waiting.values()) waiting.reject(new RedactionThreadFailed(error.message));
      thread.waiting.clear();
    };
    thread.worker.on("error", fail);
    thread.worker.on("exit", (code) => fail(new Error(`the redaction thread stopped with exit code ${code}`)));
    return thread;
  }

  return (policy: RedactionPolicy, rows: readonly object[], columns: StoreColumns<object>): Promise<RedactedRow<object>[]> => {
    const thread = (current ??= startThread());
    const id = ++lastId;
    return new Promise((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ id, policy, rows, columns } satisfies RedactRequest);
    });
  };
}

/**
 * redactForStore on the redaction thread in production; in development on
 * the server's own thread, where a change to the code takes effect at once.
 * Rows come back as structured clones, in order.
 */
export async function redactForStoreOffThread<T extends object>(
  policy: RedactionPolicy,
  rows: readonly T[],
  columns: StoreColumns<T>,
): Promise<RedactedRow<T>[]> {
  // With nothing to find (or in development) the gate runs here: no trip to the thread.
  if (!rows.length || !policy.kinds.length || process.env.NODE_ENV !== "production") return redactForStore(policy, rows, columns);
  const send = processSingleton("redaction-thread", () => createRedactionThread(() => new Worker(new URL("./redact-thread.ts", import.meta.url))));
  return (await send(policy, rows, columns as StoreColumns<object>)) as RedactedRow<T>[];
}
