// API keys over HTTP, for the CLI: GET/POST /api/v1/keys and
// DELETE /api/v1/keys/{id}. Admin keys or an admin's session only.
import "server-only";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { readJsonAs } from "@/lib/http/read-json";
import { createApiKey, createKeySchema, listApiKeys, revokeApiKey } from "./api-keys";

/** Admin requests are small: a label, a role, an email. */
export const ADMIN_BODY_LIMIT = 64 * 1024;

export const listKeysApi = authorized("admin", async () => {
  const keys = await listApiKeys(db());
  return Response.json({
    data: keys.map((k) => ({
      id: k.id,
      label: k.label,
      role: k.role,
      hint: k.hint,
      agent_ids: k.agentIds,
      created_at: k.createdAt,
      last_used_at: k.lastUsedAt,
      revoked_at: k.revokedAt,
    })),
  });
});

export const createKeyApi = authorized("admin", async ({ request, principal }) => {
  const parsed = await readJsonAs(request, createKeySchema, {
    limit: ADMIN_BODY_LIMIT,
    invalid: "label and role are required; agent_ids only for ingest keys.",
  });
  if (parsed instanceof Response) return parsed;
  const created = await createApiKey(db(), { label: parsed.data.label, role: parsed.data.role, agentIds: parsed.data.agent_ids });
  await auditRequest(
    { request, principal },
    { action: "key.created", targetType: "api_key", targetId: created.id, details: { label: created.label, role: created.role, agent_ids: created.agentIds } },
  );
  return Response.json({ id: created.id, label: created.label, role: created.role, agent_ids: created.agentIds, key: created.key }, { status: 201 });
});

export const revokeKeyApi = authorized("admin", async ({ request, principal, param: id }) => {
  if (!(await revokeApiKey(db(), id))) return jsonError(404, "not_found", `No active key with id ${id}.`);
  await auditRequest({ request, principal }, { action: "key.revoked", targetType: "api_key", targetId: id });
  return Response.json({ id, revoked: true });
});
