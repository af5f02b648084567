// The webhook's writer thread. Deliveries are parsed, validated and written
// here, on an event loop of their own: the server's main thread is busy with
// HTTP, and every statement of a group-commit transaction would otherwise wait
// behind it for its turn. The thread holds its own small pool of connections.
import { parentPort } from "node:worker_threads";
import { createPool } from "@/lib/db/create-pool";
import { env } from "@/lib/env";
import { utf8 } from "@/lib/http/read-body";
import { createIngester, ingestOptions } from "./ingest-delivery";
import { replyTo } from "@/lib/thread-client";
import type { IngestRequest } from "./ingest-thread-client";

const { DATABASE_URL } = env();
if (!DATABASE_URL) throw new Error("DATABASE_URL is not set");
const options = ingestOptions();
const ingest = createIngester(createPool(DATABASE_URL, options.concurrency), options);

const port = parentPort!;
port.on("message", async ({ id, body, secretId }: IngestRequest) => {
  port.postMessage(await replyTo(id, () => ingest(utf8(body), secretId)));
});
