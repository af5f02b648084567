// POST /api/webhooks/cartesia - Cartesia's call webhooks: refuse what is too
// large, authenticate, read the body, then hand it to the writer thread,
// which validates and stores it durably before the answer goes out. Every
// answer is counted by its outcome for /metrics.
import "server-only";
import { refuseIfLimited, unauthorized } from "@/lib/auth/authenticate";
import { env } from "@/lib/env";
import { isDatabaseUnavailable, unavailable } from "@/lib/http/errors";
import { bodyTooLarge, declaresOver, readRawBody } from "@/lib/http/read-body";
import { duringIngest } from "@/lib/jobs/ingest-activity";
import { countDelivery } from "@/lib/metrics/delivery-counter";
import { findActiveSecret, noteSecretUsed } from "./active-secrets";
import { ingest, IngestThreadFailed } from "./ingest-thread-client";

export async function handleCartesiaWebhook(request: Request): Promise<Response> {
  const answer = await answerDelivery(request);
  return "response" in answer ? countDelivery(answer.response, answer.body) : countDelivery(answer);
}

async function answerDelivery(request: Request): Promise<Response | { response: Response; body: unknown }> {
  const limit = { bytes: env().WEBHOOK_MAX_BODY_BYTES, name: "WEBHOOK_MAX_BODY_BYTES" };
  if (declaresOver(request, limit)) return bodyTooLarge(limit);

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

  const body = await readRawBody(request, limit);
  if (!body.ok) return bodyTooLarge(limit);
  let answer;
  try {
    // Counted as ingest in flight: the background loops yield while it is busy.
    answer = await duringIngest(() => ingest(body.data, secret.id));
  } catch (error) {
    // The writer thread failed with this delivery in hand: whether it was stored is unknown, and a retry is safe.
    if (error instanceof IngestThreadFailed) return unavailable();
    throw error;
  }
  return { response: Response.json(answer.body, { status: answer.status, headers: answer.headers }), body: answer.body };
}
