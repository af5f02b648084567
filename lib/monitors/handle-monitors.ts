// Monitors over HTTP: GET/POST /api/v1/monitors, GET/PATCH/DELETE
// /api/v1/monitors/{id}, POST /api/v1/monitors/{id}/test. Admins only.
import { auditRequest } from "@/lib/audit/audit-request";
import { monitorAudit, testAudit } from "./monitor-json";
import "server-only";
import { db, pool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { readJsonAs } from "@/lib/http/read-json";
import { validPathId } from "@/lib/http/validation";
import { channelTestRequestSchema, createMonitorSchema, type MonitorDetailJson, type MonitorJson, updateMonitorSchema } from "./monitor-json";
import {
  channelsOf,
  createMonitor,
  deleteMonitor,
  findMonitor,
  listMonitors,
  monitorDetail,
  monitorJson,
  resolveChannels,
  type StoredMonitor,
  updateMonitor,
} from "./monitor-store";
import { sendTest } from "./notify";

const limit = 64 * 1024;

const notFound = (id: string) => jsonError(404, "not_found", `No monitor with id ${id}.`);
const channelIssues = (issues: { path: string; message: string }[]) => jsonError(422, "validation_failed", "A channel is missing a value.", issues);

async function found(id: string): Promise<StoredMonitor | Response> {
  if (!validPathId(id)) return notFound(id.slice(0, 100));
  return (await findMonitor(db(), id)) ?? notFound(id);
}

export const listMonitorsApi = authorized("admin", async () => {
  const data: MonitorJson[] = (await listMonitors(db())).map(monitorJson);
  return Response.json({ data });
});

export const createMonitorApi = authorized("admin", async ({ request, principal }) => {
  const parsed = await readJsonAs(request, createMonitorSchema, { limit, invalid: "The monitor is not valid." });
  if (parsed instanceof Response) return parsed;
  const channels = resolveChannels(parsed.data.channels, []);
  if ("issues" in channels) return channelIssues(channels.issues);
  if (parsed.data.cause_id && !(await db().cause.findUnique({ where: { id: parsed.data.cause_id }, select: { id: true } })))
    return jsonError(422, "validation_failed", "The monitor is not valid.", [
      { path: "cause_id", message: `Callscope knows no cause ${parsed.data.cause_id}` },
    ]);
  const created = await createMonitor(db(), parsed.data, channels.channels);
  await auditRequest({ request, principal }, monitorAudit("monitor.created", created.id, parsed.data));
  return Response.json(monitorJson(created), { status: 201 });
});

export const getMonitorApi = authorized("admin", async ({ param }) => {
  const monitor = await found(param);
  if (monitor instanceof Response) return monitor;
  const detail: MonitorDetailJson = await monitorDetail(db(), monitor);
  return Response.json(detail);
});

export const updateMonitorApi = authorized("admin", async ({ request, principal, param }) => {
  const monitor = await found(param);
  if (monitor instanceof Response) return monitor;
  const parsed = await readJsonAs(request, updateMonitorSchema, {
    limit,
    invalid: "The change is not valid (name, threshold, window_minutes, min_values, renotify_minutes, paused and channels can change).",
  });
  if (parsed instanceof Response) return parsed;
  const channels = parsed.data.channels ? resolveChannels(parsed.data.channels, channelsOf(monitor)) : undefined;
  if (channels && "issues" in channels) return channelIssues(channels.issues);
  const updated = await updateMonitor(db(), monitor.id, parsed.data, channels?.channels);
  await auditRequest({ request, principal }, monitorAudit("monitor.updated", monitor.id, parsed.data));
  return Response.json(monitorJson(updated));
});

export const deleteMonitorApi = authorized("admin", async ({ request, principal, param }) => {
  if (!validPathId(param) || !(await deleteMonitor(db(), param))) return notFound(param.slice(0, 100));
  await auditRequest({ request, principal }, { action: "monitor.deleted", targetType: "monitor", targetId: param });
  return Response.json({ id: param, deleted: true });
});

/** Sends a test notification to one channel now, and answers how it went. */
export const testMonitorChannelApi = authorized("admin", async ({ request, principal, param }) => {
  const monitor = await found(param);
  if (monitor instanceof Response) return monitor;
  const parsed = await readJsonAs(request, channelTestRequestSchema, { limit, invalid: "channel_id is required." });
  if (parsed instanceof Response) return parsed;
  const result = await sendTest(pool(), monitor, parsed.data.channel_id);
  if (!result) return jsonError(404, "not_found", `The monitor has no channel with id ${parsed.data.channel_id}.`);
  await auditRequest({ request, principal }, testAudit(monitor.id, result));
  return Response.json(result);
});
