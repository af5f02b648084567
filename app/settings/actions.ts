"use server";
// Settings mutations. Server actions are POSTs that Next.js checks against
// the page's origin, so another site cannot trigger them.
import { revalidatePath } from "next/cache";
import { API_KEY_ROLES, type ApiKeyRole, createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import { db, pool } from "@/lib/db/client";
import { invalidateSecrets } from "@/lib/ingest/webhook/active-secrets";
import { replayDelivery } from "@/lib/ingest/webhook/replay-delivery";
import { createWebhookSecret, revokeWebhookSecret } from "@/lib/ingest/webhook/webhook-secrets";
import { env } from "@/lib/env";
import { startSync, syncRequestSchema } from "@/lib/sync/handle-sync";

export type ShownOnce = { value: string; label: string } | { error: string } | null;

export async function addSecretAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  const label = String(form.get("label") ?? "").trim().slice(0, 100) || "Webhook secret";
  const created = await createWebhookSecret(db(), label);
  invalidateSecrets();
  revalidatePath("/settings/webhooks");
  return { value: created.secret, label };
}

export async function revokeSecretAction(form: FormData) {
  await revokeWebhookSecret(db(), String(form.get("id")));
  invalidateSecrets();
  revalidatePath("/settings/webhooks");
}

export async function replayAction(_: { message: string } | null, form: FormData) {
  const result = await replayDelivery(pool(), String(form.get("id")));
  revalidatePath("/settings/webhooks");
  return { message: result.ok ? "Replayed: the delivery was applied again (idempotently)." : result.reason };
}

export async function createKeyAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  const label = String(form.get("label") ?? "").trim().slice(0, 100) || "API key";
  const role = String(form.get("role"));
  if (!API_KEY_ROLES.includes(role as ApiKeyRole)) return { error: "Choose a role." };
  const created = await createApiKey(db(), { label, role: role as ApiKeyRole });
  revalidatePath("/settings/api-keys");
  return { value: created.key, label };
}

export async function revokeKeyAction(form: FormData) {
  await revokeApiKey(db(), String(form.get("id")));
  revalidatePath("/settings/api-keys");
}

export async function startSyncAction(form: FormData) {
  const value = (name: string) => {
    const v = String(form.get(name) ?? "").trim();
    return v || undefined;
  };
  const limit = value("limit");
  const parsed = syncRequestSchema.safeParse({ agent_id: value("agent_id"), since: value("since"), limit: limit ? Number(limit) : undefined });
  if (parsed.success && env().CARTESIA_API_KEY) await startSync(parsed.data);
  revalidatePath("/settings/sync");
}
