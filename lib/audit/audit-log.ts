// The audit log: who did what to personal data and to the settings, when, and
// from which address. Written in the same request as the thing it records,
// before the answer goes out; read by admins in Settings → Audit and through
// GET /api/v1/audit; kept for AUDIT_RETENTION_DAYS by the retention job.
import type { Pool, PoolClient } from "pg";
import type { Principal } from "@/lib/auth/authenticate";

export const AUDIT_ACTIONS = [
  "call.viewed",
  "recording.played",
  "recording.downloaded",
  "recording.replaced",
  "transcript.exported",
  "transcripts.exported",
  "bundle.downloaded",
  "call.content_deleted",
  "person.erased",
  "privacy.changed",
  "latency_stages.changed",
  "key.created",
  "key.revoked",
  "webhook_secret.created",
  "webhook_secret.revoked",
  "user.created",
  "user.removed",
  "user.role_changed",
  "monitor.created",
  "monitor.updated",
  "monitor.deleted",
  "monitor.tested",
  "webhook.replayed",
  "sync.started",
  "sync.cancelled",
  "retention.ran",
  "cause.state_changed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type Actor = { kind: "user" | "key" | "system"; id: string | null; name: string };
export type AuditEntry = { action: AuditAction; targetType?: string; targetId?: string | null; details?: unknown };

export const actorOf = (principal: Principal): Actor =>
  principal.kind === "user"
    ? { kind: "user", id: principal.userId, name: principal.email }
    : { kind: "key", id: principal.keyId, name: `API key ${principal.keyId}` };

export const userActor = (user: { id: string; email: string }): Actor => ({ kind: "user", id: user.id, name: user.email });
export const SYSTEM: Actor = { kind: "system", id: null, name: "Callscope" };

/**
 * Records one entry. With `onceWithinS`, an entry the same actor already made
 * (same action, target and details) in that many seconds is not made again:
 * a page that refreshes itself as a call changes is still one view.
 */
export async function recordAudit(db: Pool | PoolClient, actor: Actor, entry: AuditEntry, address: string | null = null, onceWithinS?: number): Promise<void> {
  const once = onceWithinS
    ? `where not exists (select 1 from audit_events a where a.at > now() - make_interval(secs => $9) and a.actor_kind = $1
         and a.actor_id is not distinct from $2 and a.action = $4 and a.target_type is not distinct from $5
         and a.target_id is not distinct from $6 and a.details is not distinct from $8::jsonb)`
    : "";
  await db.query(
    `insert into audit_events (actor_kind, actor_id, actor_name, action, target_type, target_id, address, details)
     select $1, $2, $3, $4, $5, $6, $7, $8::jsonb ${once}`,
    [
      actor.kind,
      actor.id,
      actor.name,
      entry.action,
      entry.targetType ?? null,
      entry.targetId ?? null,
      address === "unknown" ? null : address,
      entry.details === undefined ? null : JSON.stringify(entry.details),
      ...(onceWithinS ? [onceWithinS] : []),
    ],
  );
}

export type AuditFilters = { action?: string; actor?: string; target?: string; since?: Date; until?: Date; before?: bigint; limit: number };
export type AuditRow = {
  id: string;
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  address: string | null;
  details: unknown;
};

/** Newest first; `before` is the id of the last row of the page before, for the next page. */
export async function listAudit(db: Pool, filters: AuditFilters): Promise<{ rows: AuditRow[]; next: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filters.action) add((p) => `action = ${p}`, filters.action);
  if (filters.actor) add((p) => `(actor_name = ${p} or actor_id = ${p})`, filters.actor);
  if (filters.target) add((p) => `target_id = ${p}`, filters.target);
  if (filters.since) add((p) => `at >= ${p}`, filters.since);
  if (filters.until) add((p) => `at < ${p}`, filters.until);
  if (filters.before !== undefined) add((p) => `id < ${p}::bigint`, filters.before.toString());
  params.push(filters.limit + 1);
  const { rows } = await db.query(
    `select id::text, at, actor_kind, actor_id, actor_name, action, target_type, target_id, address, details from audit_events
     ${where.length ? `where ${where.join(" and ")}` : ""} order by id desc limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, filters.limit).map((r) => ({
    id: r.id,
    at: r.at,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    address: r.address,
    details: r.details,
  }));
  return { rows: page, next: rows.length > filters.limit ? page[page.length - 1].id : null };
}
