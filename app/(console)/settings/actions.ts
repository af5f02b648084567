"use server";
// Settings mutations, for admins only. Server actions are POSTs that Next.js
// checks against the page's origin, so another site cannot trigger them; each
// one checks the session itself, since an action can be posted to any page.
import { revalidatePath } from "next/cache";
import type { ShownOnce } from "@/components/settings/create-once-form";
import { API_KEY_ROLES, type ApiKeyRole, createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import { USER_ROLES, type UserRole } from "@/lib/auth/auth";
import { requireAdmin } from "@/lib/auth/session";
import { createUser, removeUser, setUserRole, UserError } from "@/lib/auth/users";
import { db, pool } from "@/lib/db/client";
import { invalidateSecrets } from "@/lib/ingest/webhook/active-secrets";
import { replayDelivery } from "@/lib/ingest/webhook/replay-delivery";
import { createWebhookSecret, revokeWebhookSecret } from "@/lib/ingest/webhook/webhook-secrets";
import { env } from "@/lib/env";
import { startSync } from "@/lib/sync/handle-sync";
import { syncRequestSchema } from "@/lib/sync/sync-request";
import { cancelJob } from "@/lib/jobs/job-queue";

export async function addSecretAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  await requireAdmin();
  const label = String(form.get("label") ?? "").trim().slice(0, 100) || "Webhook secret";
  const created = await createWebhookSecret(db(), label);
  invalidateSecrets();
  revalidatePath("/settings/webhooks");
  return { value: created.secret, label };
}

export async function revokeSecretAction(form: FormData) {
  await requireAdmin();
  await revokeWebhookSecret(db(), String(form.get("id")));
  invalidateSecrets();
  revalidatePath("/settings/webhooks");
}

export async function replayAction(_: { message: string } | null, form: FormData) {
  await requireAdmin();
  const result = await replayDelivery(pool(), String(form.get("id")));
  revalidatePath("/settings/webhooks");
  return { message: result.ok ? "Replayed: the delivery was applied again (idempotently)." : result.reason };
}

export async function createKeyAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  await requireAdmin();
  const label = String(form.get("label") ?? "").trim().slice(0, 100) || "API key";
  const role = String(form.get("role"));
  if (!API_KEY_ROLES.includes(role as ApiKeyRole)) return { error: "Choose a role." };
  const created = await createApiKey(db(), { label, role: role as ApiKeyRole });
  revalidatePath("/settings/api-keys");
  return { value: created.key, label };
}

export async function revokeKeyAction(form: FormData) {
  await requireAdmin();
  await revokeApiKey(db(), String(form.get("id")));
  revalidatePath("/settings/api-keys");
}

export async function startSyncAction(form: FormData) {
  await requireAdmin();
  const value = (name: string) => {
    const v = String(form.get(name) ?? "").trim();
    return v || undefined;
  };
  const limit = value("limit");
  const parsed = syncRequestSchema.safeParse({ agent_id: value("agent_id"), since: value("since"), limit: limit ? Number(limit) : undefined });
  if (parsed.success && env().CARTESIA_API_KEY) await startSync(parsed.data);
  revalidatePath("/settings/sync");
}

export async function cancelSyncAction(form: FormData) {
  await requireAdmin();
  const id = String(form.get("id") ?? "");
  if (/^\d{1,18}$/.test(id)) await cancelJob(pool(), id);
  revalidatePath("/settings/sync");
}

export async function createUserAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  await requireAdmin();
  const role = String(form.get("role"));
  if (!USER_ROLES.includes(role as UserRole)) return { error: "Choose a role." };
  try {
    const created = await createUser({ email: String(form.get("email") ?? "").trim(), role: role as UserRole });
    revalidatePath("/settings/users");
    return { value: created.password, label: `${created.email} (${created.role})` };
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    if ((error as Error).name === "ZodError") return { error: "Enter a valid email address." };
    throw error;
  }
}

export type UserActionState = { error: string } | null;

export async function setUserRoleAction(_: UserActionState, form: FormData): Promise<UserActionState> {
  await requireAdmin();
  const role = String(form.get("role"));
  if (!USER_ROLES.includes(role as UserRole)) return { error: "Choose a role." };
  try {
    await setUserRole(String(form.get("id")), role as UserRole);
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    throw error;
  }
  revalidatePath("/settings/users");
  return null;
}

export async function removeUserAction(_: UserActionState, form: FormData): Promise<UserActionState> {
  await requireAdmin();
  try {
    await removeUser(String(form.get("id")));
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    throw error;
  }
  revalidatePath("/settings/users");
  return null;
}
