// The deployments API: GET /api/v1/deployments and /deployments/{id}
// (members and admins), PUT /api/v1/deployments/{id} (create or update) and
// POST /api/v1/deployments/{id}/logs (append log lines) with ingest keys.
import "server-only";
import { z } from "zod";
import { db, pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { authorized } from "@/lib/http/authorized";
import { jsonError } from "@/lib/http/errors";
import { readBody } from "@/lib/http/read-body";
import { readJsonAs } from "@/lib/http/read-json";
import { validPathId } from "@/lib/http/validation";
import { parseLogLine } from "@/lib/logs/parse-log-lines";
import { deploymentSchema } from "@/lib/cartesia/deployment";
import { privacy, redactionPolicy } from "@/lib/privacy/privacy-settings";
import { appendDeploymentLogs } from "./append-deployment-logs";
import { deploymentJson, deploymentListJson } from "./deployment-json";
import { getDeploymentStats, listDeployments } from "./list-deployments";
import { upsertDeployment } from "./upsert-deployment";

const listQuery = z.object({ agent_id: z.string().max(256).optional() });

export const listDeploymentsApi = authorized("read", listQuery, async ({ query }) => {
  const rows = await listDeployments(pool(), { agentId: query.agent_id });
  return Response.json({ data: rows.map(deploymentListJson) });
});

export const getDeploymentApi = authorized("read", async ({ param: id }) => {
  const deployment = await db().deployment.findUnique({ where: { id } });
  if (!deployment) return jsonError(404, "not_found", `No deployment with id ${id}.`);
  const stats = await getDeploymentStats(pool(), id);
  return Response.json({ ...deploymentJson(deployment), calls: stats?.calls ?? 0, tts_ttfb_p50: stats?.ttfbP50 ?? null, tts_ttfb_p95: stats?.ttfbP95 ?? null });
});

export const putDeployment = authorized("ingest", async ({ request, param: id }) => {
  if (!validPathId(id)) return jsonError(400, "bad_request", "The deployment id must be 1 to 256 printable characters.");
  const parsed = await readJsonAs(request, deploymentSchema, {
    limit: env().TELEMETRY_MAX_BODY_BYTES,
    invalid: "The deployment does not match the expected shape.",
  });
  if (parsed instanceof Response) return parsed;
  if (parsed.data.id && parsed.data.id !== id) return jsonError(422, "validation_failed", "The body's id differs from the one in the path.");
  const existed = await db().deployment.findUnique({ where: { id }, select: { id: true } });
  const deployment = await upsertDeployment(db(), id, parsed.data);
  return Response.json(deploymentJson(deployment), { status: existed ? 200 : 201 });
});

export const postDeploymentLogs = authorized("ingest", async ({ request, param: id }) => {
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
  const entries = lines.map((line) => (typeof line === "string" ? parseLogLine(line, { timeZone: env().LOG_TIMEZONE }) : null));
  const bad = entries.flatMap((entry, index) => (entry ? [] : [{ index, errors: [{ path: "(root)", message: "must be a string" }] }]));
  if (bad.length) return jsonError(422, "validation_failed", "Every log line must be a string.", { failed: bad });
  const appended = await appendDeploymentLogs(
    db(),
    id,
    entries.map((e) => ({ level: e!.level, message: e!.message, time: e!.wallTime })),
    "runtime",
    redactionPolicy(await privacy(pool())),
  );
  return Response.json({ deployment_id: id, appended });
});
