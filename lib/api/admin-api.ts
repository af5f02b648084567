// API keys over HTTP, for the CLI: GET/POST /api/v1/keys, DELETE /api/v1/keys/{id}. Admin keys only.
import "server-only";
import { z } from "zod";
import { API_KEY_ROLES, createApiKey, listApiKeys, revokeApiKey } from "@/lib/auth/api-keys";
import { authenticateApiKey } from "@/lib/auth/authenticate-api-key";
import { db } from "@/lib/db/client";
import { jsonError } from "@/lib/http/errors";
import { zodIssues } from "@/lib/http/validation";

const createKeySchema = z.object({ label: z.string().trim().min(1).max(100), role: z.enum(API_KEY_ROLES) });

export async function listKeysApi(request: Request) {
  const principal = await authenticateApiKey(request, "admin");
  if (principal instanceof Response) return principal;
  const keys = await listApiKeys(db());
  return Response.json({
    data: keys.map((k) => ({ id: k.id, label: k.label, role: k.role, hint: k.hint, created_at: k.createdAt, last_used_at: k.lastUsedAt, revoked_at: k.revokedAt })),
  });
}

export async function createKeyApi(request: Request) {
  const principal = await authenticateApiKey(request, "admin");
  if (principal instanceof Response) return principal;
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonError(400, "invalid_json", "The body is not valid JSON.");
  }
  const parsed = createKeySchema.safeParse(body);
  if (!parsed.success) return jsonError(422, "validation_failed", "label and role are required.", zodIssues(parsed.error));
  const created = await createApiKey(db(), parsed.data);
  return Response.json({ id: created.id, label: created.label, role: created.role, key: created.key }, { status: 201 });
}

export async function revokeKeyApi(request: Request, id: string) {
  const principal = await authenticateApiKey(request, "admin");
  if (principal instanceof Response) return principal;
  if (!(await revokeApiKey(db(), id))) return jsonError(404, "not_found", `No active key with id ${id}.`);
  return Response.json({ id, revoked: true });
}
