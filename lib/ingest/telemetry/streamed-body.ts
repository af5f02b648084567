// What the endpoints that store a body as they read it share (telemetry
// events and logs, a deployment's log lines): the one answer for each way
// reading or storing it can fail part way.
import { isDataError, jsonError, unavailable } from "@/lib/http/errors";
import { BodyTooLargeError, bodyTooLarge } from "@/lib/http/read-body";
import { RedactionThreadFailed } from "@/lib/privacy/redact-off-thread";
import { InvalidJsonError } from "./read-items";
import { TooManyItemsError } from "./telemetry-limits";

/**
 * The answer to an error thrown while a streamed body was read and stored,
 * once its writer has been aborted (nothing of the request is kept); `what`
 * names the body's items in the 413. Any other error is thrown on.
 */
export function streamedBodyFailure(error: unknown, what: "items" | "lines"): Response {
  if (error instanceof BodyTooLargeError) return bodyTooLarge(error.limit);
  if (error instanceof TooManyItemsError) {
    return jsonError(413, "payload_too_large", `The body carries more than TELEMETRY_MAX_ITEMS (${error.limit}) ${what}. Nothing was stored.`, {
      limit: "TELEMETRY_MAX_ITEMS",
      items: error.limit,
    });
  }
  if (error instanceof InvalidJsonError) return jsonError(400, "invalid_json", "The body is not valid JSON. Nothing was stored.", { reason: error.message });
  if (error instanceof RedactionThreadFailed) return unavailable();
  if (isDataError(error)) return jsonError(422, "validation_failed", `A value cannot be stored: ${(error as Error).message}. Nothing was stored.`);
  throw error;
}
