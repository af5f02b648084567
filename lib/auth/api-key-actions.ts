"use server";
// Settings → API keys' actions, for admins: create a key (shown once) and
// revoke one. Each checks the session itself, since an action can be posted
// to any page.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditConsole } from "@/lib/audit/audit-request";
import { formFields } from "@/lib/http/form-fields";
import { db } from "@/lib/db/client";
import { AGENT_BINDING_ROLE, agentIdsSchema, API_KEY_ROLES, createApiKey, revokeApiKey, splitAgentIds } from "./api-keys";
import { requireAdmin } from "./session";
import type { ShownOnce } from "./shown-once";

const FALLBACK_LABEL = "API key";

const createKeyForm = z.object({
  /** a label longer than a label is cut, not refused */
  label: z
    .string()
    .optional()
    .transform((v) => v?.slice(0, 100) || FALLBACK_LABEL),
  role: z.enum(API_KEY_ROLES),
  agent_ids: z.string().max(10_000).default(""),
});

export async function createKeyAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  const admin = await requireAdmin();
  const parsed = formFields(form, createKeyForm);
  if (!parsed.ok) return { error: "Choose a role." };
  const input = parsed.data;
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
  const input = formFields(form, { id: z.string().max(200) });
  if (input.ok && (await revokeApiKey(db(), input.data.id)))
    await auditConsole(admin, { action: "key.revoked", targetType: "api_key", targetId: input.data.id });
  revalidatePath("/settings/api-keys");
}
