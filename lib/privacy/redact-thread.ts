// The redaction thread: the gate's recognisers run here, on an event loop of
// their own (redact-off-thread.ts is the server's side).
import { parentPort } from "node:worker_threads";
import { replyTo } from "@/lib/thread-client";
import type { RedactRequest } from "./redact-off-thread";
import { redactForStore } from "./redact-for-store";

const port = parentPort!;
port.on("message", async ({ id, policy, rows, columns }: RedactRequest) => {
  port.postMessage(await replyTo(id, () => redactForStore(policy, rows, columns)));
});
