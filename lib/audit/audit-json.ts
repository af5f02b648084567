// The audit log's query and answer, as the API and its reference describe them.
import { z } from "zod";
import { timeFilter } from "@/lib/http/time-filter";
import { AUDIT_ACTIONS, type AuditRow } from "./audit-log";

export const auditQuerySchema = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: z.string().min(1).max(320).optional(),
  target: z.string().min(1).max(256).optional(),
  since: timeFilter,
  until: timeFilter,
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, "is not a cursor this list gave out")
    .transform((v) => BigInt(v))
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
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
