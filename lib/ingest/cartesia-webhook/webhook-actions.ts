"use server";
// Settings → Webhooks' actions, for admins: add and revoke the secrets that
// deliveries carry, and apply a stored delivery again. Server actions are
// POSTs that Next.js checks against the page's origin, so another site cannot
// trigger them; each one checks the session itself, since an action can be
// posted to any page.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditConsole } from "@/lib/audit/audit-request";
import { requireAdmin } from "@/lib/auth/session";
import type { ShownOnce } from "@/lib/auth/shown-once";
import { db, pool } from "@/lib/db/client";
import { formFields } from "@/lib/http/form-fields";
import { invalidateSecrets } from "@/lib/ingest/cartesia-webhook/active-secrets";
import { NO_SUCH_DELIVERY, replayDelivery } from "@/lib/ingest/cartesia-webhook/replay-delivery";
import { createWebhookSecret, revokeWebhookSecret } from "@/lib/ingest/cartesia-webhook/webhook-secrets";

const FALLBACK_LABEL = "Webhook secret";
const id = z.string().max(200);
/** A label longer than a label is cut, not refused; none is the fallback. */
const label = z
  .string()
  .optional()
  .transform((v) => v?.slice(0, 100) || FALLBACK_LABEL);

export async function addSecretAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  const admin = await requireAdmin();
  const input = formFields(form, { label });
  const name = input.ok ? input.data.label : FALLBACK_LABEL;
  const created = await createWebhookSecret(db(), name);
  await auditConsole(admin, { action: "webhook_secret.created", targetType: "webhook_secret", targetId: created.id, details: { label: name } });
  invalidateSecrets();
  revalidatePath("/settings/webhooks");
  return { value: created.secret, label: name };
}

export async function revokeSecretAction(form: FormData) {
  const admin = await requireAdmin();
  const input = formFields(form, { id });
  if (input.ok && (await revokeWebhookSecret(db(), input.data.id)).count > 0) {
    await auditConsole(admin, { action: "webhook_secret.revoked", targetType: "webhook_secret", targetId: input.data.id });
  }
  invalidateSecrets();
  revalidatePath("/settings/webhooks");
}

export async function replayAction(_: { message: string } | null, form: FormData) {
  const admin = await requireAdmin();
  const input = formFields(form, { id });
  if (!input.ok) return { message: "No such delivery." };
  const result = await replayDelivery(pool(), input.data.id);
  if (result.ok || result.reason !== NO_SUCH_DELIVERY)
    await auditConsole(admin, { action: "webhook.replayed", targetType: "webhook_delivery", targetId: input.data.id, details: { applied: result.ok } });
  revalidatePath("/settings/webhooks");
  return { message: result.ok ? "Replayed: the delivery was applied again (idempotently)." : result.reason };
}
