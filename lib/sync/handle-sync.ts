// POST /api/v1/sync - start a sync from Cartesia (admin); GET /api/v1/sync/{id} - its progress.
import "server-only";
import { z } from "zod";
import { authenticate } from "@/lib/auth/authenticate";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/errors";
import { readJson } from "@/lib/http/read-json";
import { zodIssues } from "@/lib/http/validation";
import { enqueue, getJob } from "@/lib/jobs/job-queue";
import { syncRequestSchema } from "./sync-request";


/** Starts a sync; one runs at a time, so asking again while one runs returns that one. */
export async function startSync(payload: z.infer<typeof syncRequestSchema>) {
  return enqueue(pool(), "sync", "sync", payload);
}

export async function postSync(request: Request) {
  const principal = await authenticate(request, "admin");
  if (principal instanceof Response) return principal;
  if (!env().CARTESIA_API_KEY) return jsonError(400, "bad_request", "Set CARTESIA_API_KEY on the server to sync from Cartesia.");
  const read = await readJson(request, 64 * 1024, { empty: {} });
  if (read instanceof Response) return read;
  const parsed = syncRequestSchema.safeParse(read.json);
  if (!parsed.success) return jsonError(422, "validation_failed", "Invalid sync options.", zodIssues(parsed.error));
  const id = await startSync(parsed.data);
  return Response.json({ id, status: "queued" }, { status: 202 });
}

export async function getSync(request: Request, id: string) {
  const principal = await authenticate(request, "admin");
  if (principal instanceof Response) return principal;
  if (!/^\d{1,18}$/.test(id)) return jsonError(404, "not_found", "No such sync.");
  const job = await getJob(pool(), id);
  if (!job || job.kind !== "sync") return jsonError(404, "not_found", "No such sync.");
  return Response.json({ id: job.id, status: job.status, progress: job.payload.progress ?? null, error: job.last_error, attempts: job.attempts, updated_at: job.updated_at });
}
