// The secrets a delivery may present: those in CARTESIA_WEBHOOK_SECRETS and
// the unrevoked ones stored in the database. Stored ones are re-read every
// few seconds, so a secret revoked on one instance stops working on all of
// them within that time; a secret that is not known yet triggers a re-read
// (at most once a second), so a new secret works at once everywhere.
import "server-only";
import { db } from "@/lib/db/client";
import { noteLastUsed } from "@/lib/db/note-last-used";
import { env } from "@/lib/env";
import { processSlot } from "@/lib/process-singleton";
import { type ActiveSecret, hashSecret, matchSecret } from "./webhook-secrets";

const TTL_MS = 5_000;
const MISS_REFRESH_MS = 1_000;

const cache = processSlot<{ at: number; secrets: ActiveSecret[] }>("webhook-secrets");

async function load(): Promise<ActiveSecret[]> {
  const stored = await db().webhookSecret.findMany({ where: { revokedAt: null }, select: { id: true, hash: true } });
  const secrets: ActiveSecret[] = [
    ...env().CARTESIA_WEBHOOK_SECRETS.map((secret) => ({ id: null, hash: hashSecret(secret) })),
    ...stored.map((s) => ({ id: s.id, hash: Buffer.from(s.hash, "hex") })),
  ];
  cache.set({ at: Date.now(), secrets });
  return secrets;
}

/** The secret that matches the presented one, or null. */
export async function findActiveSecret(presented: string | null): Promise<ActiveSecret | null> {
  const cached = cache.get();
  if (!cached || Date.now() - cached.at >= TTL_MS) return matchSecret(presented, await load());
  const found = matchSecret(presented, cached.secrets);
  if (found || !presented || Date.now() - cached.at < MISS_REFRESH_MS) return found;
  return matchSecret(presented, await load());
}

/** Forgets the cached list: called after a secret is added or revoked on this instance. */
export function invalidateSecrets() {
  cache.set(undefined);
}

/** Records that a stored secret was used, at most once a minute per secret and never on the request's path. */
export function noteSecretUsed(id: string | null) {
  if (!id) return;
  noteLastUsed("webhook-secret", id, (at) => db().webhookSecret.update({ where: { id }, data: { lastUsedAt: at } }));
}
