// Administration over HTTP, for the CLI: GET/POST /api/v1/keys,
// DELETE /api/v1/keys/{id}, GET/POST /api/v1/users, DELETE /api/v1/calls/{id}.
// Admin keys or an admin's session only.
import "server-only";
import { z } from "zod";
import { API_KEY_ROLES, createApiKey, listApiKeys, revokeApiKey } from "@/lib/auth/api-keys";
import { authenticate, type Principal } from "@/lib/auth/authenticate";
import { createUser, listUsers, newUserSchema, UserError } from "@/lib/auth/users";
import { deleteCallContent } from "@/lib/calls/delete-call-content";
import { db, pool } from "@/lib/db/client";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import { jsonError } from "@/lib/http/errors";
import { readJson } from "@/lib/http/read-json";
import { zodIssues } from "@/lib/http/validation";

const createKeySchema = z.object({ label: z.string().trim().min(1).max(100), role: z.enum(API_KEY_ROLES) });

export async function listKeysApi(request: Request) {
  const principal = await authenticate(request, "admin");
  if (principal instanceof Response) return principal;
  const keys = await listApiKeys(db());
  return Response.json({
    data: keys.map((k) => ({ id: k.id, label: k.label, role: k.role, hint: k.hint, created_at: k.createdAt, last_used_at: k.lastUsedAt, revoked_at: k.revokedAt })),
  });
}

/** Admin requests are small: a label, a role, an email. */
const ADMIN_BODY_LIMIT = 64 * 1024;

export async function createKeyApi(request: Request) {
  const principal = await authenticate(request, "admin");
  if (principal instanceof Response) return principal;
  const read = await readJson(request, ADMIN_BODY_LIMIT);
  if (read instanceof Response) return read;
  const parsed = createKeySchema.safeParse(read.json);
  if (!parsed.success) return jsonError(422, "validation_failed", "label and role are required.", zodIssues(parsed.error));
  const created = await createApiKey(db(), parsed.data);
  return Response.json({ id: created.id, label: created.label, role: created.role, key: created.key }, { status: 201 });
}

export async function revokeKeyApi(request: Request, id: string) {
  const principal = await authenticate(request, "admin");
  if (principal instanceof Response) return principal;
  if (!(await revokeApiKey(db(), id))) return jsonError(404, "not_found", `No active key with id ${id}.`);
  return Response.json({ id, revoked: true });
}

export async function listUsersApi(request: Request) {
  const principal = await authenticate(request, "admin");
  if (principal instanceof Response) return principal;
  const users = await listUsers();
  return Response.json({ data: users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, created_at: u.createdAt, last_active_at: u.sessions[0]?.updatedAt ?? null })) });
}

/** Creates a console user; without a password one is generated and answered once. */
export async function createUserApi(request: Request) {
  const principal = await authenticate(request, "admin");
  if (principal instanceof Response) return principal;
  const read = await readJson(request, ADMIN_BODY_LIMIT);
  if (read instanceof Response) return read;
  const parsed = newUserSchema.safeParse(read.json);
  if (!parsed.success) return jsonError(422, "validation_failed", "email is required; password (8 to 128 characters) and role (admin or member) are optional.", zodIssues(parsed.error));
  try {
    const created = await createUser(parsed.data);
    return Response.json({ id: created.id, email: created.email, role: created.role, password: parsed.data.password ? undefined : created.password }, { status: 201 });
  } catch (error) {
    if (error instanceof UserError) return jsonError(409, "conflict", error.message);
    throw error;
  }
}

/** Who did it, as the record of a deletion names them. */
export function principalName(principal: Principal): string {
  return principal.kind === "user" ? `user ${principal.email}` : `API key ${principal.keyId}`;
}

/** DELETE /api/v1/calls/{id}: deletes the call's content in Callscope; the record stays, with who and when. */
export async function deleteCallApi(request: Request, id: string) {
  const principal = await authenticate(request, "admin");
  if (principal instanceof Response) return principal;
  const record = { at: new Date().toISOString(), by: principalName(principal), reason: "deleted_here" as const };
  if (!(await deleteCallContent(pool(), recordingStorage(), id, record))) return jsonError(404, "not_found", `No call with id ${id}.`);
  return Response.json({ id, content_deleted: record });
}
