// The server's side of the redaction thread: a batch of rows goes over with
// the policy and how to redact their columns, and the gate (redact-for-store.ts)
// redacts them there, so that a long text being searched never holds up the
// server's requests (and /api/health) on the main thread. One thread per
// process, started at the first batch and replaced when it fails (the batches
// it held fail, and their requests are answered 503: nothing of them was stored).
import "server-only";
import { Worker } from "node:worker_threads";
import { processSingleton, processWideError } from "@/lib/process-singleton";
import { threadClient } from "@/lib/thread-client";
import type { RedactionPolicy } from "./redact";
import { type RedactedRow, redactForStore, type StoreColumns } from "./redact-for-store";

export type RedactRequest = { id: number; policy: RedactionPolicy; rows: readonly object[]; columns: StoreColumns<object> };
export class RedactionThreadFailed extends processWideError("RedactionThreadFailed") {}

function createRedactionThread(start: () => Worker) {
  const call = threadClient<Omit<RedactRequest, "id">, RedactedRow<object>[]>(start, "redaction", (message) => new RedactionThreadFailed(message));
  return (policy: RedactionPolicy, rows: readonly object[], columns: StoreColumns<object>) => call({ policy, rows, columns });
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
