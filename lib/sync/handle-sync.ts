// POST /api/v1/sync - start a sync from Cartesia (admin); GET /api/v1/sync/{id} - its progress.
import "server-only";
import { z } from "zod";
import type { AuditEntry } from "@/lib/audit/audit-log";
import { auditRequest } from "@/lib/audit/audit-request";
import { authorized } from "@/lib/auth/authorized";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/errors";
import { readJsonAs } from "@/lib/http/read-json";
import { cancelJob, enqueue, getJob } from "@/lib/jobs/job-queue";
import { syncRequestSchema } from "./sync-request";
import { SYNC_JOB } from "@/lib/jobs/job-kinds";

/**
 * Starts a sync. Asking again for the same sync while it waits or runs
 * returns that one; a sync of other parameters is a job of its own.
 */
export async function startSync(payload: z.infer<typeof syncRequestSchema>) {
  const key = `sync:${JSON.stringify([payload.agent_id ?? null, payload.since ?? null, payload.limit ?? null])}`;
  return enqueue(pool(), SYNC_JOB, key, payload);
}

/** What the audit log keeps of a sync started or cancelled: its id and, when started, what it was asked for. */
export function syncAudit(action: "sync.started" | "sync.cancelled", id: string, parameters?: z.infer<typeof syncRequestSchema>): AuditEntry {
  return { action, targetType: "sync", targetId: id, ...(parameters ? { details: parameters } : {}) };
}

/** DELETE /api/v1/sync/{id}: stops a sync that waits or runs. */
export const cancelSync = authorized("admin", async ({ request, principal, param: id }) => {
  const job = await findSync(id);
  if (!job) return noSuchSync();
  if (!(await cancelJob(pool(), id))) return jsonError(409, "conflict", `The sync is ${job.status} already; only a waiting or running sync can be cancelled.`);
  await auditRequest({ request, principal }, syncAudit("sync.cancelled", id));
  return Response.json({ id, status: "cancelled" });
});

export const postSync = authorized("admin", async ({ request, principal }) => {
  if (!env().CARTESIA_API_KEY) return jsonError(400, "bad_request", "Set CARTESIA_API_KEY on the server to sync from Cartesia.");
  const parsed = await readJsonAs(request, syncRequestSchema, { limit: 64 * 1024, invalid: "Invalid sync options.", empty: {} });
  if (parsed instanceof Response) return parsed;
  const id = await startSync(parsed.data);
  await auditRequest({ request, principal }, syncAudit("sync.started", id, parsed.data));
  return Response.json({ id, status: "queued" }, { status: 202 });
});

/** The sync job an id names, or null. */
async function findSync(id: string) {
  const job = /^\d{1,18}$/.test(id) ? await getJob(pool(), id) : null;
  return job?.kind === SYNC_JOB ? job : null;
}

const noSuchSync = () => jsonError(404, "not_found", "No such sync.");

export const getSync = authorized("admin", async ({ param: id }) => {
  const job = await findSync(id);
  if (!job) return noSuchSync();
  const { progress, ...parameters } = job.payload as { progress?: unknown };
  return Response.json({
    id: job.id,
    status: job.status,
    parameters,
    progress: progress ?? null,
    error: job.last_error,
    attempts: job.attempts,
    updated_at: job.updated_at,
  });
});
