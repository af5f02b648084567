// On the very first start, with no secret configured anywhere, Callscope
// makes one so that the webhook endpoint is never open.
import type { Client as PrismaClient } from "@/lib/db/types";
import { createWebhookSecret } from "./webhook-secrets";

export async function ensureFirstSecret(db: PrismaClient, envSecrets: string[]): Promise<string | null> {
  if (envSecrets.length > 0) return null;
  // Serialised by an advisory lock so that several instances starting at once make one secret.
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(1667329132)`;
    const existing = await tx.webhookSecret.count();
    if (existing > 0) return null;
    const created = await createWebhookSecret(tx, "Generated at first start");
    return created.secret;
  });
}
