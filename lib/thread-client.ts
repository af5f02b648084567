// The server's side of a worker thread that answers requests by id: each
// request goes over with an id, each reply names it, so replies may come back
// in any order. The thread starts at the first request; one that fails (an
// error, or its exit) rejects what it held with the error `failed` makes, and
// the next request starts a new one.
import type { Transferable, Worker } from "node:worker_threads";

export type ThreadReply<R> = { id: number; value: R } | { id: number; error: string };

type Waiting<R> = { resolve: (value: R) => void; reject: (error: Error) => void };

export function threadClient<Q extends object, R>(start: () => Worker, name: string, failed: (message: string) => Error) {
  let current: { worker: Worker; waiting: Map<number, Waiting<R>> } | null = null;
  let lastId = 0;

  function startThread() {
    const thread = { worker: start(), waiting: new Map<number, Waiting<R>>() };
    thread.worker.unref();
    thread.worker.on("message", (reply: ThreadReply<R>) => {
      const waiting = thread.waiting.get(reply.id);
      if (!waiting) return;
      thread.waiting.delete(reply.id);
      if ("value" in reply) waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      if (current === thread) current = null;
      for (const waiting of thread.waiting.values()) waiting.reject(failed(error.message));
      thread.waiting.clear();
    };
    thread.worker.on("error", fail);
    thread.worker.on("exit", (code) => fail(new Error(`the ${name} thread stopped with exit code ${code}`)));
    return thread;
  }

  /** Sends `request` (with its `transfer` list moved, not copied) and resolves with the thread's value. */
  return (request: Q, transfer: Transferable[] = []): Promise<R> => {
    const thread = (current ??= startThread());
    const id = ++lastId;
    return new Promise((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ ...request, id }, transfer);
    });
  };
}

/** What a thread answers for a request: its value, or the error's message. */
export async function replyTo<R>(id: number, work: () => R | Promise<R>): Promise<ThreadReply<R>> {
  try {
    return { id, value: await work() };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}
