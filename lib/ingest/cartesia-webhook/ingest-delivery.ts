// What happens to an authenticated delivery's body: parse, validate, and
// store it durably with group commit, then say what to answer. It runs on
// the webhook's writer thread (ingest-thread.ts), so it speaks in plain,
// cloneable answers rather than Responses.
import { createHash } from "node:crypto";
import type { Pool } from "pg";
import { type ErrorCode, errorBody, isDatabaseUnavailable, isDataError, isRetryLater, isTransientDatabaseError, UNAVAILABLE_MESSAGE } from "@/lib/http/errors";
import { env } from "@/lib/env";
import { type Issue, zodIssues } from "@/lib/http/validation";
import { createGroupCommit } from "../group-commit";
import { parseRfc3339 } from "@/lib/cartesia/timestamps";
import { envelopeSchema, isKnownType, knownDeliverySchema } from "@/lib/cartesia/webhook-delivery";
import { privacy, redactionPolicy } from "@/lib/privacy/privacy-settings";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import { hasCounts, type RedactionCounts, TIMED_OUT } from "@/lib/privacy/redact";
import { parseRedacted, type Redacted, redactBodyForStore } from "@/lib/privacy/redact-for-store";
import { type PreparedDelivery, type StoredDelivery, storeDeliveries } from "./store-deliveries";

/** The HTTP answer to one delivery: a status, its JSON body and any extra headers. */
export type IngestAnswer = { status: number; body: unknown; headers?: Record<string, string> };

export type IngestOptions = {
  windowMs: number;
  maxBatch: number;
  concurrency: number;
  /** with a Cartesia API key, a call that finishes gets a job to fetch its full record */
  enrich: boolean;
  /** past this, a delivery's redaction gives up and its text fields are replaced: one delivery must not hold up the writer */
  redactionBudgetMs: number;
};

/** The writer's settings, from the environment. */
export function ingestOptions(): IngestOptions {
  const settings = env();
  return {
    windowMs: settings.INGEST_BATCH_WINDOW_MS,
    maxBatch: settings.INGEST_BATCH_MAX,
    concurrency: settings.INGEST_BATCH_CONCURRENCY,
    enrich: Boolean(settings.CARTESIA_API_KEY),
    redactionBudgetMs: settings.WEBHOOK_REDACTION_BUDGET_MS,
  };
}

/** Stored; or its effects could not be stored (logged invalid); or the database said to come back later. */
type Outcome = StoredDelivery | { failed: unknown } | { retryLater: true };

/** Waits between tries of a write that failed for a passing reason (deadlock, timeout, serialization). */
const TRANSIENT_RETRY_DELAYS_MS = [10, 50, 200, 500];

/** Runs a write again while it fails for a passing reason; the last failure is thrown. */
export async function retryTransient<T>(write: () => Promise<T>, delays: readonly number[] = TRANSIENT_RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isTransientDatabaseError(error) || attempt >= delays.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, delays[attempt] * (0.5 + Math.random())));
    }
  }
}

const error = (status: number, code: ErrorCode, message: string, details?: unknown, headers?: Record<string, string>): IngestAnswer => ({
  status,
  body: errorBody(code, message, details),
  headers,
});

const unavailable = () => error(503, "unavailable", UNAVAILABLE_MESSAGE, undefined, { "Retry-After": "5" });

/**
 * The delivery as it will be stored: `rawJson` is what is kept, redacted,
 * and `dedupKey` its hash.
 */
function prepareDelivery(
  dedupKey: string,
  rawJson: Redacted<string>,
  payload: Redacted<unknown>,
  secretId: string | null,
  redactions: RedactionCounts | null,
): { delivery: PreparedDelivery; invalid: Issue[] | null } {
  const loose = (payload && typeof payload === "object" && !Array.isArray(payload) ? payload : {}) as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === "string" && value.length <= 256 ? value : null);
  const base: PreparedDelivery = {
    dedupKey,
    type: str(loose.type) ?? "(none)",
    callId: str(loose.request_id),
    agentId: str(loose.agent_id),
    webhookId: str(loose.webhook_id),
    eventTime: str(loose.timestamp),
    eventTimeNs: null,
    outcome: "invalid",
    error: null,
    rawJson,
    secretId,
    known: null,
    redactions,
  };
  // Most deliveries are of a known type and valid: one parse decides them.
  const known = parseRedacted(knownDeliverySchema, payload);
  if (known.success) {
    const time = parseRfc3339(known.data.timestamp)!;
    return { delivery: { ...base, eventTimeNs: time.ns, outcome: "applied", known: known.data }, invalid: null };
  }
  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) {
    const details = zodIssues(envelope.error);
    return { delivery: { ...base, error: details }, invalid: details };
  }
  const time = parseRfc3339(envelope.data.timestamp)!;
  const parsed = { ...base, eventTimeNs: time.ns };
  if (!isKnownType(envelope.data.type)) return { delivery: { ...parsed, outcome: "unknown_type" }, invalid: null };
  const details = zodIssues(known.error);
  return { delivery: { ...parsed, error: details }, invalid: details };
}

/**
 * One writer: deliveries that arrive together are stored in one transaction.
 * A write that fails for a passing reason (deadlock, serialization failure,
 * statement or lock timeout) is tried again; if it keeps failing, the sender
 * is told to retry (503), never that the delivery is invalid. A batch that
 * fails on its data (a value Postgres cannot store) is retried one delivery
 * at a time, so one bad delivery does not fail the others.
 */
export function createIngester(pool: Pool, options: IngestOptions & { retryDelaysMs?: readonly number[] }) {
  const store = async (items: PreparedDelivery[]) => {
    const stored = await retryTransient(() => storeDeliveries(pool, items, { enrich: options.enrich }), options.retryDelaysMs);
    // Once committed, the bytes of recordings dropped for redaction go too.
    for (const key of stored.flatMap((s) => s.droppedRecordings ?? []))
      await recordingStorage()
        .remove(key)
        .catch(() => {});
    return stored;
  };
  const write = createGroupCommit<PreparedDelivery, Outcome>({
    windowMs: options.windowMs,
    maxBatch: options.maxBatch,
    concurrency: options.concurrency,
    commit: async (items) => {
      try {
        return await store(items);
      } catch (error) {
        if (items.length === 1 || isDatabaseUnavailable(error)) throw error;
        const results: Outcome[] = [];
        for (const item of items) {
          try {
            results.push((await store([item]))[0]);
          } catch (single) {
            if (isDatabaseUnavailable(single)) throw single;
            results.push(isTransientDatabaseError(single) ? { retryLater: true } : { failed: single });
          }
        }
        return results;
      }
    },
  });

  return async function ingest(rawJson: string, secretId: string | null): Promise<IngestAnswer> {
    let payload: unknown;
    try {
      payload = JSON.parse(rawJson);
    } catch {
      return error(400, "invalid_json", "The body is not valid JSON.");
    }

    // Personal data is replaced before anything is written: the raw delivery, the call, its turns and events.
    // The dedup key hashes what is stored, never the original: a hash of a known body less a card number could be searched.
    // Redaction is deterministic, so a retry still has the same key.
    let settings;
    try {
      settings = await privacy(pool);
    } catch (failure) {
      // The policy cannot be read while the database is away: the sender is told to retry, as for a write.
      if (isDatabaseUnavailable(failure) || isTransientDatabaseError(failure)) return unavailable();
      throw failure;
    }
    // Within a time budget: the writer serves every delivery in turn.
    const { json: stored, value: redacted, counts, timedOut } = redactBodyForStore(rawJson, payload, redactionPolicy(settings), options.redactionBudgetMs);
    if (timedOut) {
      const id = redacted && typeof redacted === "object" && "request_id" in redacted ? redacted.request_id : null;
      console.warn(
        `[callscope] webhook: redacting a delivery${typeof id === "string" ? ` for ${id}` : ""} took longer than WEBHOOK_REDACTION_BUDGET_MS (${options.redactionBudgetMs} ms); it is stored with its text fields replaced by "${TIMED_OUT}".`,
      );
    }
    const dedupKey = createHash("sha256").update(stored).digest("hex");
    const prepared = prepareDelivery(dedupKey, stored, redacted, secretId, hasCounts(counts) ? counts : null);
    // The policy read once, here: its recording rule travels with the delivery to the writer.
    const delivery = { ...prepared.delivery, dropAudio: settings.redactAudio === "drop" };
    const { invalid } = prepared;
    let result: Outcome;
    try {
      result = await write(delivery);
    } catch (failure) {
      if (isRetryLater(failure)) return unavailable();
      result = { failed: failure };
    }
    if ("retryLater" in result) return unavailable();
    if ("failed" in result) {
      // Its effects could not be applied; the delivery itself is still kept, raw and marked invalid.
      const message = isDataError(result.failed) ? (result.failed as Error).message : "a value is out of the range Callscope can store";
      try {
        await write({ ...delivery, outcome: "invalid", known: null, error: [{ path: "(delivery)", message }] });
      } catch (failure) {
        if (isRetryLater(failure)) return unavailable();
      }
      return error(422, "validation_failed", `The delivery holds a value that cannot be stored: ${message}. It was logged as invalid.`);
    }
    if (invalid) {
      return error(422, "validation_failed", "The delivery does not match Cartesia's webhook format. It was logged as invalid.", invalid);
    }
    return {
      status: 200,
      body: { ok: true, outcome: result.outcome, delivery_id: result.deliveryId, call_id: delivery.callId },
    };
  };
}
