// POST /api/webhooks/cartesia - Cartesia's call webhooks: authenticate, read,
// validate, then store durably before answering.
import "server-only";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { refuseIfLimited, unauthorized } from "@/lib/auth/authenticate";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isDatabaseUnavailable, isDataError, jsonError, unavailable } from "@/lib/http/errors";
import { readBody } from "@/lib/http/read-body";
import { zodIssues } from "@/lib/http/validation";
import { createGroupCommit } from "../group-commit";
import { parseRfc3339 } from "../timestamps";
import { findActiveSecret, noteSecretUsed } from "./active-secrets";
import { envelopeSchema, isKnownType, knownDeliverySchema } from "./schema";
import { type PreparedDelivery, type StoredDelivery, storeDeliveries } from "./store-deliveries";

type Outcome = StoredDelivery | { failed: unknown };

const globalForWriter = globalThis as unknown as { callscopeWebhookWriter?: (d: PreparedDelivery) => Promise<Outcome> };

/**
 * One writer per process. A batch that fails on its data (a value Postgres
 * cannot store) is retried one delivery at a time, so one bad delivery does
 * not fail the others.
 */
function writer() {
  globalForWriter.callscopeWebhookWriter ??= createGroupCommit<PreparedDelivery, Outcome>({
    windowMs: env().INGEST_BATCH_WINDOW_MS,
    maxBatch: env().INGEST_BATCH_MAX,
    concurrency: env().INGEST_BATCH_CONCURRENCY,
    commit: async (items) => {
      try {
        return await storeDeliveries(pool(), items, { enrich: Boolean(env().CARTESIA_API_KEY) });
      } catch (error) {
        if (items.length === 1 || isDatabaseUnavailable(error)) throw error;
        const results: Outcome[] = [];
        for (const item of items) {
          try {
            results.push((await storeDeliveries(pool(), [item], { enrich: Boolean(env().CARTESIA_API_KEY) }))[0]);
          } catch (single) {
            if (isDatabaseUnavailable(single)) throw single;
            results.push({ failed: single });
          }
        }
        return results;
      }
    },
  });
  return globalForWriter.callscopeWebhookWriter;
}

const issues = (error: z.ZodError) => zodIssues(error);

function prepare(rawJson: string, payload: unknown, secretId: string | null): { delivery: PreparedDelivery; invalid: ReturnType<typeof issues> | null } {
  const dedupKey = createHash("sha256").update(rawJson).digest("hex");
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
    eventDate: null,
    outcome: "invalid",
    error: null,
    rawJson,
    secretId,
    known: null,
  };
  // Most deliveries are of a known type and valid: one parse decides them.
  const known = knownDeliverySchema.safeParse(payload);
  if (known.success) {
    const time = parseRfc3339(known.data.timestamp)!;
    return { delivery: { ...base, eventTimeNs: time.ns, eventDate: time.date, outcome: "applied", known: known.data }, invalid: null };
  }
  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) {
    const details = issues(envelope.error);
    return { delivery: { ...base, error: details }, invalid: details };
  }
  const time = parseRfc3339(envelope.data.timestamp)!;
  const parsed = { ...base, eventTimeNs: time.ns, eventDate: time.date };
  if (!isKnownType(envelope.data.type)) return { delivery: { ...parsed, outcome: "unknown_type" }, invalid: null };
  const details = issues(known.error);
  return { delivery: { ...parsed, error: details }, invalid: details };
}

export async function handleCartesiaWebhook(request: Request): Promise<Response> {
  const limit = env().WEBHOOK_MAX_BODY_BYTES;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    return jsonError(413, "payload_too_large", `The body is larger than the limit of ${limit} bytes.`);
  }

  const limited = refuseIfLimited(request);
  if (limited) return limited;
  let secret;
  try {
    secret = await findActiveSecret(request.headers.get("x-webhook-secret"));
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
  if (!secret) return unauthorized(request, "Missing or wrong x-webhook-secret header.");
  noteSecretUsed(secret.id);

  const body = await readBody(request, limit);
  if (!body.ok) return jsonError(413, "payload_too_large", `The body is larger than the limit of ${limit} bytes.`);
  let payload: unknown;
  try {
    payload = JSON.parse(body.text);
  } catch {
    return jsonError(400, "invalid_json", "The body is not valid JSON.");
  }

  const { delivery, invalid } = prepare(body.text, payload, secret.id);
  let result: Outcome;
  try {
    result = await writer()(delivery);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    result = { failed: error };
  }
  if ("failed" in result) {
    // Its effects could not be applied; the delivery itself is still kept, raw and marked invalid.
    const message = isDataError(result.failed) ? (result.failed as Error).message : "a value is out of the range Callscope can store";
    try {
      await writer()({ ...delivery, outcome: "invalid", known: null, error: [{ path: "(delivery)", message }] });
    } catch (error) {
      if (isDatabaseUnavailable(error)) return unavailable();
    }
    return jsonError(422, "validation_failed", `The delivery holds a value that cannot be stored: ${message}. It was logged as invalid.`);
  }
  if (invalid) {
    return jsonError(422, "validation_failed", "The delivery does not match Cartesia's webhook format. It was logged as invalid.", invalid);
  }
  return Response.json({
    ok: true,
    outcome: result.outcome,
    delivery_id: result.deliveryId,
    call_id: delivery.callId,
  });
}
