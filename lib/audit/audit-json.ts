// The audit log's query and answer, as the API and its reference describe them.
import { z } from "zod";
import { timeFilter } from "@/lib/http/time-filter";
import { AUDIT_ACTIONS, type AuditRow } from "./audit-log";

export const auditQuerySchema = z.object({
  action: z.enum(AUDIT_ACTIONS).optional().describe("only this action"),
  actor: z.string().min(1).max(320).optional().describe("only this actor: a user's email, a key's id or a user's id"),
  target: z.string().min(1).max(256).optional().describe("only this target, such as a call id"),
  since: timeFilter.describe("from this date or RFC 3339 time"),
  until: timeFilter.describe("before this date or time"),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, "is not a cursor this list gave out")
    .transform((v) => BigInt(v))
    .optional()
    .describe("next_page of the page before"),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe("1 to 500 (100)"),
});

export const auditEventSchema = z.strictObject({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.strictObject({ kind: z.enum(["user", "key", "system"]), id: z.string().nullable(), name: z.string() }),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  address: z.string().nullable(),
  details: z.unknown(),
});
export type AuditEventJson = z.infer<typeof auditEventSchema>;

export const auditEventJson = (r: AuditRow): AuditEventJson => ({
  id: r.id,
  at: r.at.toISOString(),
  actor: { kind: r.actorKind as AuditEventJson["actor"]["kind"], id: r.actorId, name: r.actorName },
  action: r.action,
  target_type: r.targetType,
  target_id: r.targetId,
  address: r.address,
  details: r.details,
});
