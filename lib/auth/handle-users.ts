// Console users over HTTP, for the CLI: GET/POST /api/v1/users. Admins only.
import { auditRequest } from "@/lib/audit/audit-request";
import "server-only";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { readJsonAs } from "@/lib/http/read-json";
import { ADMIN_BODY_LIMIT } from "./handle-keys";
import { createUser, listUsers, newUserSchema, UserError } from "./users";

export const listUsersApi = authorized("admin", async () => {
  const users = await listUsers();
  return Response.json({
    data: users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      created_at: u.createdAt,
      last_active_at: u.sessions[0]?.updatedAt ?? null,
    })),
  });
});

/** Creates a console user; without a password one is generated and answered once. */
export const createUserApi = authorized("admin", async ({ request, principal }) => {
  const parsed = await readJsonAs(request, newUserSchema, {
    limit: ADMIN_BODY_LIMIT,
    invalid: "email is required; password (8 to 128 characters) and role (admin or member) are optional.",
  });
  if (parsed instanceof Response) return parsed;
  try {
    const created = await createUser(parsed.data);
    await auditRequest(
      { request, principal },
      { action: "user.created", targetType: "user", targetId: created.id, details: { email: created.email, role: created.role } },
    );
    return Response.json(
      { id: created.id, email: created.email, role: created.role, password: parsed.data.password ? undefined : created.password },
      { status: 201 },
    );
  } catch (error) {
    if (error instanceof UserError) return jsonError(409, "conflict", error.message);
    throw error;
  }
});
