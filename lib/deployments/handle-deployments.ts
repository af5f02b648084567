// The deployments API: PUT /api/v1/deployments/{id} (create or update) and
// POST /api/v1/deployments/{id}/logs (append log lines).
import "server-only";
import { authenticate } from "@/lib/auth/authenticate";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isDatabaseUnavailable, jsonError, unavailable } from "@/lib/http/errors";
import { readBody } from "@/lib/http/read-body";
import { readJson } from "@/lib/http/read-json";
import { validPathId, zodIssues } from "@/lib/http/validation";
import { parseLogLine } from "@/lib/ingest/telemetry/event-rows";
import { deploymentSchema } from "./deployment-schema";
import { appendDeploymentLogs } from "./append-deployment-logs";
import { deploymentJson } from "./deployment-json";
import { upsertDeployment } from "./upsert-deployment";

async function withDatabase(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
}

export async function putDeployment(request: Request, id: string): Promise<Response> {
  const principal = await authenticate(request, "ingest");
  if (principal instanceof Response) return principal;
  if (!validPathId(id)) return jsonError(400, "bad_request", "The deployment id must be 1 to 256 printable characters.");
  const read = await readJson(request, env().TELEMETRY_MAX_BODY_BYTES);
  if (read instanceof Response) return read;
  const parsed = deploymentSchema.safeParse(read.json);
  if (!parsed.success) return jsonError(422, "validation_failed", "The deployment does not match the expected shape.", zodIssues(parsed.error));
  if (parsed.data.id && parsed.data.id !== id) return jsonError(422, "validation_failed", "The body's id differs from the one in the path.");
  return withDatabase(async () => {
    const existed = await db().deployment.findUnique({ where: { id }, select: { id: true } });
    const deployment = await upsertDeployment(db(), id, parsed.data);
    return Response.json(deploymentJson(deployment), { status: existed ? 200 : 201 });
  });
}

export async function postDeploymentLogs(request: Request, id: string): Promise<Response> {
  const principal = await authenticate(request, "ingest");
  if (principal instanceof Response) return principal;
  if (!validPathId(id)) return jsonError(400, "bad_request", "The deployment id must be 1 to 256 printable characters.");
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "text/plain" && type !== "application/json") return jsonError(415, "unsupported_media_type", "Send text/plain lines or a JSON array of lines.");
  const body = await readBody(request, env().TELEMETRY_MAX_BODY_BYTES);
  if (!body.ok) return jsonError(413, "payload_too_large", "The body is too large.");
  let lines: unknown[];
  if (type === "text/plain") lines = body.text.split(/\r?\n/).filter((l) => l.trim());
  else {
    try {
      const parsed = JSON.parse(body.text);
      lines = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      return jsonError(400, "invalid_json", "The body is not valid JSON.");
    }
  }
  const entries = lines.map((line) => (typeof line === "string" ? parseLogLine(line) : null));
  const bad = entries.flatMap((entry, index) => (entry ? [] : [{ index, errors: [{ path: "(root)", message: "must be a string" }] }]));
  if (bad.length) return jsonError(422, "validation_failed", "Every log line must be a string.", { failed: bad });
  return withDatabase(async () => {
    const appended = await appendDeploymentLogs(db(), id, entries.map((e) => ({ level: e!.level, message: e!.message, time: e!.wallTime })), "runtime");
    return Response.json({ deployment_id: id, appended });
  });
}
