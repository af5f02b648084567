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

/** Rows with less text than this are searched here: the trip to the thread and back costs more than they do. */
const TEXT_HERE_BELOW = 16 * 1024;

/** Whether the strings (and keys) in `value` are shorter together than `budget` characters; stops counting once they are not. */
function textBelow(value: unknown, budget: { left: number }): boolean {
  if (typeof value === "string") budget.left -= value.length;
  else if (Array.isArray(value)) {
    for (const item of value) if (!textBelow(item, budget)) return false;
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      budget.left -= key.length;
      if (!textBelow(item, budget)) return false;
    }
  }
  return budget.left > 0;
}

/**
 * redactForStore on the redaction thread in production, unless the rows hold
 * little text; in development on the server's own thread, where a change to
 * the code takes effect at once. Rows come back as copies, in order.
 */
export async function redactForStoreOffThread<T extends object>(
  policy: RedactionPolicy,
  rows: readonly T[],
  columns: StoreColumns<T>,
): Promise<RedactedRow<T>[]> {
  // With nothing to find, little to search (or in development) the gate runs here: no trip to the thread.
  if (!rows.length || !policy.kinds.length || process.env.NODE_ENV !== "production" || textBelow(rows, { left: TEXT_HERE_BELOW }))
    return redactForStore(policy, rows, columns);
  const send = processSingleton("redaction-thread", () => createRedactionThread(() => new Worker(new URL("./redact-thread.ts", import.meta.url))));
  return (await send(policy, rows, columns as StoreColumns<object>)) as RedactedRow<T>[];
}
