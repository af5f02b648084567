// GET /api/v1/audit - the audit log, newest first, filtered by action,
// actor (email, key id or user id), target (a call id, say) and time; paged
// with next_page. Admins only.
import "server-only";
import { readPool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { auditEventJson, auditQuerySchema } from "./audit-json";
import { listAudit } from "./audit-log";

export const listAuditApi = authorized("admin", auditQuerySchema, async ({ query }) => {
  const page = await listAudit(readPool(), { ...query, before: query.cursor });
  return Response.json({ data: page.rows.map(auditEventJson), next_page: page.next });
});
