// The server's side of the webhook's writer thread: hands each body over
// (moved, not copied) and resolves with the thread's answer. A thread that
// fails is replaced at the next delivery; what it had in hand is answered 503,
// and Cartesia's retry is then recognised by its bytes.
import "server-only";
import { Worker } from "node:worker_threads";
import { pool } from "@/lib/db/client";
import { utf8 } from "@/lib/http/read-body";
import { processSingleton } from "@/lib/process-singleton";
import { createIngester, type IngestAnswer, ingestOptions } from "./ingest-delivery";

export type IngestRequest = { id: number; body: Uint8Array; secretId: string | null };
export type IngestReply = { id: number; answer: IngestAnswer } | { id: number; error: string };

export class IngestThreadFailed extends Error {}

type Waiting = { resolve: (answer: IngestAnswer) => void; reject: (error: Error) => void };

/** Sends bodies to the thread that `start` makes, starting a new one whenever the last has failed. */
export function createThreadClient(start: () => Worker) {
  let current: { worker: Worker; waiting: Map<number, Waiting> } | null = null;
  let lastId = 0;

  function startThread() {
    const thread = { worker: start(), waiting: new Map<number, Waiting>() };
    thread.worker.unref();
    thread.worker.on("message", (reply: IngestReply) => {
      const waiting = thread.waiting.get(reply.id);
      if (!waiting) return;
      thread.waiting.delete(reply.id);
      if ("answer" in reply) waiting.resolve(reply.answer);
      else waiting.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      if (current === thread) current = null;
      for (const waiting of thread.waiting.values()) waiting.reject(new IngestThreadFailed(error.message));
      thread.waiting.clear();
    };
    thread.worker.on("error", fail);
    thread.worker.on("exit", (code) => fail(new Error(`the ingest thread stopped with exit code ${code}`)));
    return thread;
  }

  return {
    /** `body` is moved to the thread and unusable afterwards. */
    send(body: Uint8Array, secretId: string | null): Promise<IngestAnswer> {
      const thread = (current ??= startThread());
      const id = ++lastId;
      return new Promise((resolve, reject) => {
        thread.waiting.set(id, { resolve, reject });
        thread.worker.postMessage({ id, body, secretId } satisfies IngestRequest, [body.buffer as ArrayBuffer]);
      });
    },
  };
}

type ThreadClient = ReturnType<typeof createThreadClient>;
let client: ThreadClient | undefined;
let inProcess: ReturnType<typeof createIngester> | undefined;

/**
 * Parses, validates and stores a delivery's body: on the writer thread in
 * production; in development on the server's own thread, where a change to
 * the code takes effect at once.
 */
export function ingest(body: Uint8Array, secretId: string | null): Promise<IngestAnswer> {
  if (process.env.NODE_ENV !== "production") {
    inProcess ??= createIngester(pool(), ingestOptions());
    return inProcess(utf8(body), secretId);
  }
  client ??= processSingleton("ingest-thread", () => createThreadClient(() => new Worker(new URL("./ingest-thread.ts", import.meta.url))));
  return client.send(body, secretId);
}
