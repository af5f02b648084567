// The redaction thread: the gate's recognisers run here, on an event loop of
// their own (redact-off-thread.ts is the server's side).
import { parentPort } from "node:worker_threads";
import type { RedactReply, RedactRequest } from "./redact-off-thread";
import { redactForStore } from "./redact-for-store";

const port = parentPort!;
port.on("message", ({ id, policy, rows, columns }: RedactRequest) => {
  try {
    port.postMessage({ id, rows: redactForStore(policy, rows, columns) } satisfies RedactReply);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies RedactReply);
  }
});
