// The server's side of the webhook's writer thread: hands each body over
// (moved, not copied) and resolves with the thread's answer. A thread that
// fails is replaced at the next delivery; what it had in hand is answered 503,
// and Cartesia's retry is then recognised by its bytes.
import "server-only";
import { Worker } from "node:worker_threads";
import type { IngestAnswer } from "./ingest-delivery";

export type IngestRequest = { id: number; body: Uint8Array; secretId: string | null };
export type IngestReply = { id: number; answer: IngestAnswer } | { id: number; error: string };

export class IngestThreadFailed extends Error {}

type Thread = { worker: Worker; pending: Map<number, { resolve: (answer: IngestAnswer) => void; reject: (error: Error) => void }> };

// On globalThis: one thread per process, whichever bundle asks for it.
const state = globalThis as unknown as { callscopeIngestThread?: Thread | null; callscopeIngestId?: number };

function startThread(): Thread {
  const worker = new Worker(new URL("./ingest-thread.ts", import.meta.url));
  const thread: Thread = { worker, pending: new Map() };
  worker.unref();
  worker.on("message", (reply: IngestReply) => {
    const waiting = thread.pending.get(reply.id);
    if (!waiting) return;
    thread.pending.delete(reply.id);
    if ("answer" in reply) waiting.resolve(reply.answer);
    else waiting.reject(new Error(reply.error));
  });
  const fail = (error: Error) => {
    if (state.callscopeIngestThread === thread) state.callscopeIngestThread = null;
    for (const waiting of thread.pending.values()) waiting.reject(new IngestThreadFailed(error.message));
    thread.pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the ingest thread stopped with exit code ${code}`)));
  return thread;
}

/** Parses, validates and stores a delivery's body on the writer thread; `body` is moved there and unusable afterwards. */
export function ingestOnThread(body: Uint8Array, secretId: string | null): Promise<IngestAnswer> {
  const thread = (state.callscopeIngestThread ??= startThread());
  const id = (state.callscopeIngestId = (state.callscopeIngestId ?? 0) + 1);
  return new Promise((resolve, reject) => {
    thread.pending.set(id, { resolve, reject });
    thread.worker.postMessage({ id, body, secretId } satisfies IngestRequest, [body.buffer as ArrayBuffer]);
  });
}
