"use server";
// Settings mutations, for admins only. Server actions are POSTs that Next.js
// checks against the page's origin, so another site cannot trigger them; each
// one checks the session itself, since an action can be posted to any page.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AGENT_BINDING_ROLE, agentIdsSchema, API_KEY_ROLES, createApiKey, revokeApiKey, splitAgentIds } from "@/lib/auth/api-keys";
import { USER_ROLES } from "@/lib/auth/auth";
import { requireAdmin } from "@/lib/auth/session";
import { auditConsole } from "@/lib/audit/audit-request";
import { createUser, removeUser, setUserRole, UserError } from "@/lib/auth/users";
import { db, pool } from "@/lib/db/client";
import { invalidateSecrets } from "@/lib/ingest/cartesia-webhook/active-secrets";
import { NO_SUCH_DELIVERY, replayDelivery } from "@/lib/ingest/cartesia-webhook/replay-delivery";
import { createWebhookSecret, revokeWebhookSecret } from "@/lib/ingest/cartesia-webhook/webhook-secrets";
import { env } from "@/lib/env";
import { startSync, syncAudit } from "@/lib/sync/handle-sync";
import { syncRequestSchema } from "@/lib/sync/sync-request";
import { cancelJob } from "@/lib/jobs/job-queue";
import type { ShownOnce, UserActionState } from "./action-state";

/** A form's fields as strings, trimmed; missing fields are empty. */
function fields<T extends z.ZodRawShape>(form: FormData, shape: T): z.infer<z.ZodObject<T>> | null {
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v.trim() : ""]));
  const parsed = z.object(shape).safeParse(values);
  return parsed.success ? parsed.data : null;
}

const id = z.string().min(1).max(200);
const label = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => v?.slice(0, 100) || fallback);

export async function addSecretAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  const admin = await requireAdmin();
  const input = fields(form, { label: label("Webhook secret") })!;
  const created = await createWebhookSecret(db(), input.label);
  await auditConsole(admin, { action: "webhook_secret.created", targetType: "webhook_secret", targetId: created.id, details: { label: input.label } });
  invalidateSecrets();
  revalidatePath("/settings/webhooks");
  return { value: created.secret, label: input.label };
}

export async function revokeSecretAction(form: FormData) {
  const admin = await requireAdmin();
  const input = fields(form, { id });
  if (input && (await revokeWebhookSecret(db(), input.id)).count > 0) {
    await auditConsole(admin, { action: "webhook_secret.revoked", targetType: "webhook_secret", targetId: input.id });
  }
  invalidateSecrets();
  revalidatePath("/settings/webhooks");
}

export async function replayAction(_: { message: string } | null, form: FormData) {
  const admin = await requireAdmin();
  const input = fields(form, { id });
  if (!input) return { message: "No such delivery." };
  const result = await replayDelivery(pool(), input.id);
  if (result.ok || result.reason !== NO_SUCH_DELIVERY)
    await auditConsole(admin, { action: "webhook.replayed", targetType: "webhook_delivery", targetId: input.id, details: { applied: result.ok } });
  revalidatePath("/settings/webhooks");
  return { message: result.ok ? "Replayed: the delivery was applied again (idempotently)." : result.reason };
}

export async function createKeyAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  const admin = await requireAdmin();
  const input = fields(form, { label: label("API key"), role: z.enum(API_KEY_ROLES), agent_ids: z.string().max(10_000).default("") });
  if (!input) return { error: "Choose a role." };
  const agentIds = agentIdsSchema.safeParse(splitAgentIds(input.agent_ids));
  if (!agentIds.success) return { error: "Agent ids are at most 100, each up to 256 characters." };
  if (agentIds.data.length && input.role !== AGENT_BINDING_ROLE) return { error: "Only ingest keys can be bound to agents." };
  const created = await createApiKey(db(), { label: input.label, role: input.role, agentIds: agentIds.data });
  await auditConsole(admin, {
    action: "key.created",
    targetType: "api_key",
    targetId: created.id,
    details: { label: input.label, role: input.role, agent_ids: agentIds.data },
  });
  revalidatePath("/settings/api-keys");
  return { value: created.key, label: input.label };
}

export async function revokeKeyAction(form: FormData) {
  const admin = await requireAdmin();
  const input = fields(form, { id });
  if (input && (await revokeApiKey(db(), input.id))) await auditConsole(admin, { action: "key.revoked", targetType: "api_key", targetId: input.id });
  revalidatePath("/settings/api-keys");
}

const optional = z
  .string()
  .optional()
  .transform((v) => v || undefined);

export async function startSyncAction(form: FormData) {
  const admin = await requireAdmin();
  const input = fields(form, { agent_id: optional, since: optional, limit: optional });
  const parsed = input && syncRequestSchema.safeParse({ ...input, limit: input.limit ? Number(input.limit) : undefined });
  if (parsed?.success && env().CARTESIA_API_KEY) {
    const id = await startSync(parsed.data);
    await auditConsole(admin, syncAudit("sync.started", id, parsed.data));
  }
  revalidatePath("/settings/sync");
}

export async function cancelSyncAction(form: FormData) {
  const admin = await requireAdmin();
  const input = fields(form, { id: z.string().regex(/^\d{1,18}$/) });
  if (input && (await cancelJob(pool(), input.id))) await auditConsole(admin, syncAudit("sync.cancelled", input.id));
  revalidatePath("/settings/sync");
}

const userRole = z.enum(USER_ROLES);

export async function createUserAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  const admin = await requireAdmin();
  const input = fields(form, { role: userRole, email: z.string() });
  if (!input) return { error: "Choose a role." };
  try {
    const created = await createUser({ email: input.email, role: input.role });
    await auditConsole(admin, { action: "user.created", targetType: "user", targetId: created.id, details: { email: created.email, role: created.role } });
    revalidatePath("/settings/users");
    return { value: created.password, label: `${created.email} (${created.role})` };
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    if ((error as Error).name === "ZodError") return { error: "Enter a valid email address." };
    throw error;
  }
}

export async function setUserRoleAction(_: UserActionState, form: FormData): Promise<UserActionState> {
  const admin = await requireAdmin();
  const input = fields(form, { id, role: userRole });
  if (!input) return { error: "Choose a role." };
  try {
    await setUserRole(input.id, input.role);
    await auditConsole(admin, { action: "user.role_changed", targetType: "user", targetId: input.id, details: { role: input.role } });
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    throw error;
  }
  revalidatePath("/settings/users");
  return null;
}

export async function removeUserAction(_: UserActionState, form: FormData): Promise<UserActionState> {
  const admin = await requireAdmin();
  const input = fields(form, { id });
  if (!input) return { error: "No such user." };
  try {
    await removeUser(input.id);
    await auditConsole(admin, { action: "user.removed", targetType: "user", targetId: input.id });
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    throw error;
  }
  revalidatePath("/settings/users");
  return null;
}
