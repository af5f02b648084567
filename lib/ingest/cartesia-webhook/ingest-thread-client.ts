// The server's side of the webhook's writer thread: hands each body over
// (moved, not copied) and resolves with the thread's answer. A thread that
// fails is replaced at the next delivery; what it had in hand is answered 503,
// and Cartesia's retry is then recognised by its bytes.
import "server-only";
import { Worker } from "node:worker_threads";
import { pool } from "@/lib/db/client";
import { utf8 } from "@/lib/http/read-body";
import { processSingleton, processWideError } from "@/lib/process-singleton";
import { threadClient } from "@/lib/thread-client";
import { createIngester, type IngestAnswer, ingestOptions } from "./ingest-delivery";

export type IngestRequest = { id: number; body: Uint8Array; secretId: string | null };

export class IngestThreadFailed extends processWideError("IngestThreadFailed") {}

/** Sends bodies to the thread that `start` makes, starting a new one whenever the last has failed. */
export function createThreadClient(start: () => Worker) {
  const call = threadClient<Omit<IngestRequest, "id">, IngestAnswer>(start, "ingest", (message) => new IngestThreadFailed(message));
  return {
    /** `body` is moved to the thread and unusable afterwards. */
    send: (body: Uint8Array, secretId: string | null) => call({ body, secretId }, [body.buffer as ArrayBuffer]),
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
