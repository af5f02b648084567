// The server's side of the telemetry redaction thread: a batch of rows goes
// over, redacted rows and counts come back. One thread per process, started
// at the first batch and replaced when it fails (the batches it held fail,
// and their requests are answered 503: nothing of them was stored).
import "server-only";
import { Worker } from "node:worker_threads";
import { processSingleton } from "@/lib/process-singleton";
import type { RedactionPolicy } from "@/lib/privacy/redact";
import { type RedactionInput, type RedactionOutput, redactRows } from "./redact-rows";

export type RedactRequest = { id: number; policy: RedactionPolicy; rows: RedactionInput[] };
export type RedactReply = { id: number; rows: RedactionOutput[] } | { id: number; error: string };

export class RedactionThreadFailed extends Error {}

type Waiting = { resolve: (rows: RedactionOutput[]) => void; reject: (error: Error) => void };

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

  return (policy: RedactionPolicy, rows: RedactionInput[]): Promise<RedactionOutput[]> => {
    const thread = (current ??= startThread());
    const id = ++lastId;
    return new Promise((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ id, policy, rows } satisfies RedactRequest);
    });
  };
}

/**
 * Redacts rows on the redaction thread in production; in development on the
 * server's own thread, where a change to the code takes effect at once.
 */
export function redactOffThread(policy: RedactionPolicy, rows: RedactionInput[]): Promise<RedactionOutput[]> {
  if (!rows.length || !policy.kinds.length)
    return Promise.resolve(rows.map((row) => ({ texts: row.texts, values: row.values, fields: (row.fields ?? []).map(([, value]) => value), counts: {} })));
  if (process.env.NODE_ENV !== "production") return Promise.resolve(redactRows(policy, rows));
  const send = processSingleton("telemetry-redaction-thread", () => createRedactionThread(() => new Worker(new URL("./redact-thread.ts", import.meta.url))));
  return send(policy, rows);
}
