// Monitors over HTTP: GET/POST /api/v1/monitors, GET/PATCH/DELETE
// /api/v1/monitors/{id}, POST /api/v1/monitors/{id}/test. Admins only.
import "server-only";
import { db, pool } from "@/lib/db/client";
import { authorized } from "@/lib/http/authorized";
import { jsonError } from "@/lib/http/errors";
import { readJson } from "@/lib/http/read-json";
import { validPathId, zodIssues } from "@/lib/http/validation";
import { notificationBody } from "./evaluate-monitors";
import { channelTestSchema, createMonitorSchema, type MonitorDetailJson, type MonitorJson, updateMonitorSchema } from "./monitor-json";
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
import { deliver } from "./notify";
import { z } from "zod";

const BODY_LIMIT = 64 * 1024;

const notFound = (id: string) => jsonError(404, "not_found", `No monitor with id ${id}.`);

async function found(id: string): Promise<StoredMonitor | Response> {
  if (!validPathId(id)) return notFound(id.slice(0, 100));
  return (await findMonitor(db(), id)) ?? notFound(id);
}

export const listMonitorsApi = authorized("admin", async () => {
  const data: MonitorJson[] = (await listMonitors(db())).map(monitorJson);
  return Response.json({ data });
});

export const createMonitorApi = authorized("admin", async ({ request }) => {
  const read = await readJson(request, BODY_LIMIT);
  if (read instanceof Response) return read;
  const parsed = createMonitorSchema.safeParse(read.json);
  if (!parsed.success) return jsonError(422, "validation_failed", "The monitor is not valid.", zodIssues(parsed.error));
  const channels = resolveChannels(parsed.data.channels, []);
  if ("issues" in channels) return jsonError(422, "validation_failed", "A channel is missing a value.", channels.issues);
  const created = await createMonitor(db(), parsed.data, channels.channels);
  return Response.json(monitorJson(created), { status: 201 });
});

export const getMonitorApi = authorized("admin", async ({ param }) => {
  const monitor = await found(param);
  if (monitor instanceof Response) return monitor;
  const detail: MonitorDetailJson = await monitorDetail(db(), monitor);
  return Response.json(detail);
});

export const updateMonitorApi = authorized("admin", async ({ request, param }) => {
  const monitor = await found(param);
  if (monitor instanceof Response) return monitor;
  const read = await readJson(request, BODY_LIMIT);
  if (read instanceof Response) return read;
  const parsed = updateMonitorSchema.safeParse(read.json);
  if (!parsed.success)
    return jsonError(
      422,
      "validation_failed",
      "The change is not valid (name, threshold, window_minutes, min_values, renotify_minutes, paused and channels can change).",
      zodIssues(parsed.error),
    );
  let channels;
  if (parsed.data.channels) {
    const resolved = resolveChannels(parsed.data.channels, channelsOf(monitor));
    if ("issues" in resolved) return jsonError(422, "validation_failed", "A channel is missing a value.", resolved.issues);
    channels = resolved.channels;
  }
  const updated = await updateMonitor(db(), monitor.id, parsed.data, channels);
  return Response.json(monitorJson(updated));
});

export const deleteMonitorApi = authorized("admin", async ({ param }) => {
  if (!validPathId(param) || !(await deleteMonitor(db(), param))) return notFound(param.slice(0, 100));
  return Response.json({ id: param, deleted: true });
});

const testSchema = z.object({ channel_id: z.string().min(1).max(100) }).strict();

/** Sends a test notification to one channel now, and answers how it went. */
export const testMonitorChannelApi = authorized("admin", async ({ request, param }) => {
  const monitor = await found(param);
  if (monitor instanceof Response) return monitor;
  const read = await readJson(request, BODY_LIMIT);
  if (read instanceof Response) return read;
  const parsed = testSchema.safeParse(read.json);
  if (!parsed.success) return jsonError(422, "validation_failed", "channel_id is required.", zodIssues(parsed.error));
  const result = await sendTest(monitor, parsed.data.channel_id);
  if (!result) return jsonError(404, "not_found", `The monitor has no channel with id ${parsed.data.channel_id}.`);
  return Response.json(result);
});

/** One test notification, recorded in the delivery log like any other. */
export async function sendTest(monitor: StoredMonitor, channelId: string): Promise<z.infer<typeof channelTestSchema> | null> {
  const channel = channelsOf(monitor).find((c) => c.id === channelId);
  if (!channel) return null;
  const row = {
    id: monitor.id,
    name: monitor.name,
    metric: monitor.metric as MonitorJson["metric"],
    agent_id: monitor.agentId,
    deployment_id: monitor.deploymentId,
    window_minutes: monitor.windowMinutes,
    threshold: monitor.threshold,
  };
  const attempt = await deliver(pool(), monitor.id, channel, notificationBody(row, "test", monitor.lastValue, new Date()), 1);
  return { channel_id: channel.id, outcome: attempt.outcome, response_status: attempt.responseStatus, error: attempt.error };
}
