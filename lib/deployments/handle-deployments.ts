// The deployments API: GET /api/v1/deployments and /deployments/{id}
// (members and admins), PUT /api/v1/deployments/{id} (create or update) and
// POST /api/v1/deployments/{id}/logs (append log lines) with ingest keys.
import "server-only";
import { db, pool, readPool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { authorized } from "@/lib/auth/authorized";
import { refuseOtherAgent } from "@/lib/auth/agent-scope";
import { writeOnly } from "@/lib/auth/authenticate";
import { jsonError, unavailable } from "@/lib/http/errors";
import { bodyChunks, bodyTooLarge, declaresOver, mediaType } from "@/lib/http/read-body";
import { readJson } from "@/lib/http/read-json";
import { validPathId, zodIssues } from "@/lib/http/validation";
import { parseLogLine } from "@/lib/logs/parse-log-lines";
import { jsonItems, textItems } from "@/lib/ingest/telemetry/read-items";
import { streamedBodyFailure } from "@/lib/ingest/telemetry/streamed-body";
import { RedactionThreadFailed } from "@/lib/privacy/redact-off-thread";
import { capStrings, type CutStats, Problems, type TelemetryLimits, telemetryLimits } from "@/lib/ingest/telemetry/telemetry-limits";
import { deploymentSchema } from "@/lib/cartesia/deployment";
import { privacy, redactionPolicy } from "@/lib/privacy/privacy-settings";
import { type DeploymentLogLine, deploymentLogWriter } from "./append-deployment-logs";
import { deploymentJson, deploymentListJson } from "./deployment-json";
import { deploymentsQuerySchema } from "./deployments-query";
import { getDeploymentStats, listDeployments } from "./list-deployments";
import { upsertDeployment } from "./upsert-deployment";

export const listDeploymentsApi = authorized("read", deploymentsQuerySchema, async ({ query }) => {
  const rows = await listDeployments(readPool(), { agentId: query.agent_id });
  return Response.json({ data: rows.map(deploymentListJson) });
});

export const getDeploymentApi = authorized("read", async ({ param: id }) => {
  const deployment = await db().deployment.findUnique({ where: { id } });
  if (!deployment) return jsonError(404, "not_found", `No deployment with id ${id}.`);
  const stats = await getDeploymentStats(readPool(), id);
  return Response.json({ ...deploymentJson(deployment), calls: stats?.calls ?? 0, tts_ttfb_p50: stats?.ttfbP50 ?? null, tts_ttfb_p95: stats?.ttfbP95 ?? null });
});

/** build_logs within the limits: at most TELEMETRY_MAX_ITEMS lines, each cut at TELEMETRY_MAX_STRING_BYTES; null when over the line limit. */
function boundedBuildLogs(logs: string, limits: TelemetryLimits, stats: CutStats): string | null {
  const lines = logs.split("\n");
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() && ++count > limits.items) return null;
    lines[i] = capStrings(lines[i], limits.stringBytes, stats) as string;
  }
  return lines.join("\n");
}

const tooManyLines = (limit: number) =>
  jsonError(413, "payload_too_large", `build_logs holds more than TELEMETRY_MAX_ITEMS (${limit}) lines. Nothing was stored.`, {
    limit: "TELEMETRY_MAX_ITEMS",
    items: limit,
  });

export const putDeployment = authorized("ingest", async ({ request, principal, param: id }) => {
  if (!validPathId(id)) return jsonError(400, "bad_request", "The deployment id must be 1 to 256 printable characters.");
  const limits = telemetryLimits();
  const read = await readJson(request, limits.body);
  if (read instanceof Response) return read;
  const stats: CutStats = { truncated: 0, size: 0 };
  let body = read.json;
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const { build_logs: logs, ...rest } = body as Record<string, unknown>;
    const bounded = typeof logs === "string" ? boundedBuildLogs(logs, limits, stats) : logs;
    if (bounded === null) return tooManyLines(limits.items);
    body = { ...(capStrings(rest, limits.stringBytes, stats) as object), ...(logs === undefined ? {} : { build_logs: bounded }) };
  }
  const parsed = deploymentSchema.safeParse(body);
  if (!parsed.success) return jsonError(422, "validation_failed", "The deployment does not match the expected shape.", zodIssues(parsed.error));
  if (parsed.data.id && parsed.data.id !== id) return jsonError(422, "validation_failed", "The body's id differs from the one in the path.");
  const refused = await refuseOtherAgent(principal, { deploymentId: id, agentId: parsed.data.agent_id });
  if (refused) return refused;
  const existed = await db().deployment.findUnique({ where: { id }, select: { id: true } });
  const deployment = await upsertDeployment(db(), id, parsed.data, redactionPolicy(await privacy(pool()))).catch((error: unknown) => {
    if (error instanceof RedactionThreadFailed) return null;
    throw error;
  });
  if (!deployment) return unavailable();
  const status = existed ? 200 : 201;
  // An ingest key learns what became of its write, never what is stored.
  if (writeOnly(principal)) return Response.json({ id, status: existed ? "updated" : "created" }, { status });
  return Response.json({ ...deploymentJson(deployment), ...(stats.truncated ? { truncated: stats.truncated } : {}) }, { status });
});

export const postDeploymentLogs = authorized("ingest", async ({ request, principal, param: id }) => {
  if (!validPathId(id)) return jsonError(400, "bad_request", "The deployment id must be 1 to 256 printable characters.");
  const type = mediaType(request);
  if (type !== "text/plain" && type !== "application/json") return jsonError(415, "unsupported_media_type", "Send text/plain lines or a JSON array of lines.");
  const limits = telemetryLimits();
  if (declaresOver(request, limits.body)) return bodyTooLarge(limits.body);
  const refused = await refuseOtherAgent(principal, { deploymentId: id });
  if (refused) return refused;
  const chunks = bodyChunks(request, limits.body);
  const items = type === "text/plain" ? textItems(chunks, limits.items) : jsonItems(chunks, limits.items);
  const writer = deploymentLogWriter(pool(), id, "runtime", redactionPolicy(await privacy(pool())));
  const problems = new Problems();
  const stats: CutStats = { truncated: 0, size: 0 };
  let batch: DeploymentLogLine[] = [];
  try {
    for await (const item of items) {
      const value = "value" in item ? item.value : undefined;
      if (typeof value !== "string") {
        problems.add(item.index, [{ path: "(root)", message: "must be a string" }]);
        continue;
      }
      // Every line must be a string: past the first that is not, nothing more is stored.
      if (problems.count) continue;
      const line = parseLogLine(capStrings(value, limits.stringBytes, stats) as string, { timeZone: env().LOG_TIMEZONE });
      batch.push({ level: line.level, message: line.message, time: line.wallTime });
      if (batch.length >= 500 || stats.size >= 1024 * 1024) {
        await writer.write(batch);
        batch = [];
        stats.size = 0;
      }
    }
    if (problems.count) {
      await writer.abort();
      return jsonError(422, "validation_failed", "Every log line must be a string. Nothing was stored.", problems.json());
    }
    await writer.write(batch);
    const appended = await writer.commit();
    if (writeOnly(principal)) return Response.json({ id, status: "stored", appended, ...(stats.truncated ? { truncated: stats.truncated } : {}) });
    return Response.json({ deployment_id: id, appended, ...(stats.truncated ? { truncated: stats.truncated } : {}) });
  } catch (error) {
    await writer.abort();
    return streamedBodyFailure(error, "lines");
  }
});
