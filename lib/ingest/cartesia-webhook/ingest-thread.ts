// The webhook's writer thread. Deliveries are parsed, validated and written
// here, on an event loop of their own: the server's main thread is busy with
// HTTP, and every statement of a group-commit transaction would otherwise wait
// behind it for its turn. The thread holds its own small pool of connections.
import { parentPort } from "node:worker_threads";
import { createPool } from "@/lib/db/create-pool";
import { env } from "@/lib/env";
import { utf8 } from "@/lib/http/read-body";
import { createIngester, ingestOptions } from "./ingest-delivery";
import type { IngestReply, IngestRequest } from "./ingest-thread-client";

const { DATABASE_URL } = env();
if (!DATABASE_URL) throw new Error("DATABASE_URL is not set");
const options = ingestOptions();
const ingest = createIngester(createPool(DATABASE_URL, options.concurrency), options);

const port = parentPort!;
port.on("message", ({ id, body, secretId }: IngestRequest) => {
  ingest(utf8(body), secretId).then(
    (answer) => port.postMessage({ id, answer } satisfies IngestReply),
    (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies IngestReply),
  );
});
