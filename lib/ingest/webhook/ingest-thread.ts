// The webhook's writer thread. Deliveries are parsed, validated and written
// here, on an event loop of their own: the server's main thread is busy with
// HTTP, and every statement of a group-commit transaction would otherwise wait
// behind it for its turn. The thread holds its own small pool of connections.
import { parentPort } from "node:worker_threads";
import { createPool } from "@/lib/db/create-pool";
import { env } from "@/lib/env";
import { createIngester } from "./ingest-delivery";
import type { IngestReply, IngestRequest } from "./ingest-thread-client";

const settings = env();
if (!settings.DATABASE_URL) throw new Error("DATABASE_URL is not set");
const pool = createPool(settings.DATABASE_URL, settings.INGEST_BATCH_CONCURRENCY);
const ingest = createIngester(pool, {
  windowMs: settings.INGEST_BATCH_WINDOW_MS,
  maxBatch: settings.INGEST_BATCH_MAX,
  concurrency: settings.INGEST_BATCH_CONCURRENCY,
  enrich: Boolean(settings.CARTESIA_API_KEY),
});

const port = parentPort!;
port.on("message", ({ id, body, secretId }: IngestRequest) => {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  ingest(text, secretId).then(
    (answer) => port.postMessage({ id, answer } satisfies IngestReply),
    (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies IngestReply),
  );
});
