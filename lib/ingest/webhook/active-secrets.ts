// The secrets a delivery may present: those in CARTESIA_WEBHOOK_SECRETS and
// the unrevoked ones stored in the database. Stored ones are re-read every
// few seconds, so a secret revoked on one instance stops working on all of
// them within that time.
import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { type ActiveSecret, hashSecret } from "./webhook-secrets";

const TTL_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;

let cache: { at: number; secrets: ActiveSecret[] } | null = null;
const lastUsedWritten = new Map<string, number>();

export async function activeSecrets(): Promise<ActiveSecret[]> {
  if (cache && Date.now() - cache.at < TTL_MS) return cache.secrets;
  const stored = await db().webhookSecret.findMany({ where: { revokedAt: null }, select: { id: true, hash: true } });
  const secrets: ActiveSecret[] = [
    ...env().CARTESIA_WEBHOOK_SECRETS.map((secret) => ({ id: null, hash: hashSecret(secret) })),
    ...stored.map((s) => ({ id: s.id, hash: Buffer.from(s.hash, "hex") })),
  ];
  cache = { at: Date.now(), secrets };
  return secrets;
}

/** Forgets the cached list: called after a secret is added or revoked on this instance. */
export function invalidateSecrets() {
  cache = null;
}

/** Records that a stored secret was used, at most once a minute per secret and never on the request's path. */
export function noteSecretUsed(id: string | null) {
  if (!id) return;
  const now = Date.now();
  if (now - (lastUsedWritten.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
  lastUsedWritten.set(id, now);
  db()
    .webhookSecret.update({ where: { id }, data: { lastUsedAt: new Date(now) } })
    .catch(() => {});
}
