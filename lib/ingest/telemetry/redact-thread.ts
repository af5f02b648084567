// The telemetry redaction thread: the recognisers run here, on an event loop
// of their own, so that a long text being searched never holds up the
// server's requests (and /api/health) on the main thread.
import { parentPort } from "node:worker_threads";
import { redactRows } from "./redact-rows";
import type { RedactReply, RedactRequest } from "./redact-off-thread";

const port = parentPort!;
port.on("message", ({ id, policy, rows }: RedactRequest) => {
  try {
    port.postMessage({ id, rows: redactRows(policy, rows) } satisfies RedactReply);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies RedactReply);
  }
});
