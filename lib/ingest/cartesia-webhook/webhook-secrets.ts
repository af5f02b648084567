// Webhook secrets: the shared values Cartesia sends in `x-webhook-secret`.
// Stored ones are kept as sha256 hashes; the secret is shown once.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/types";

export function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

export function newSecretValue(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export type ActiveSecret = { id: string | null; hash: Buffer };

/**
 * Compares the presented secret with every active one in constant time:
 * both sides are 32-byte digests, so neither the length nor the content of
 * a stored secret shows in the timing. Every candidate is compared, even
 * after a match.
 */
export function matchSecret(presented: string | null, active: ActiveSecret[]): ActiveSecret | null {
  if (!presented || presented.length > 1024) return null;
  const digest = hashSecret(presented);
  let found: ActiveSecret | null = null;
  for (const candidate of active) {
    if (timingSafeEqual(digest, candidate.hash) && !found) found = candidate;
  }
  return found;
}

export async function createWebhookSecret(db: Db, label: string) {
  const secret = newSecretValue();
  const row = await db.webhookSecret.create({
    data: { id: randomUUID(), label, hash: hashSecret(secret).toString("hex"), hint: secret.slice(0, 10) },
  });
  return { ...row, secret };
}

export async function revokeWebhookSecret(db: Db, id: string) {
  return db.webhookSecret.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
}

export async function listWebhookSecrets(db: Db) {
  return db.webhookSecret.findMany({ orderBy: { createdAt: "desc" } });
}
