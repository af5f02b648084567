// Monitors kept in Postgres: made, changed, read with their history and
// delivery log, and deleted. Channels keep their secrets across edits: a
// channel sent again with its id and without its secret (or Slack URL) keeps
// the one stored.
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { hostAllowlisted } from "@/lib/http/outbound-allowlist";
import { outboundAllowlist, urlRefusal } from "@/lib/http/outbound-request";
import type { Db } from "@/lib/db/types";
import type { Issue } from "@/lib/http/validation";
import type { Channel, ChannelInput, CreateMonitor, MonitorDetailJson, MonitorJson, UpdateMonitor } from "./monitor-json";
import type { MonitorMetric, MonitorState } from "./monitor-definitions";

/** A monitor as read by SQL (snake_case), for the evaluation round. */
export type MonitorRow = {
  id: string;
  name: string;
  metric: MonitorMetric;
  agent_id: string | null;
  deployment_id: string | null;
  evaluation: string | null;
  cause_id: string | null;
  window_minutes: number;
  threshold: number;
  min_values: number;
  renotify_minutes: number | null;
  state: MonitorState;
  last_notified_at: Date | null;
  last_value: number | null;
  channels: unknown;
};

export type StoredMonitor = Awaited<ReturnType<Db["monitor"]["findUniqueOrThrow"]>>;

const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString("base64url")}`;

/** The console's address, for links sent away from it. */
export function consoleUrl(path: string): string {
  const base = env().CALLSCOPE_PUBLIC_URL ?? `http://localhost:${env().PORT}`;
  return `${base.replace(/\/$/, "")}${path}`;
}

/** Slack's incoming webhooks live on one host (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks/). */
export const SLACK_HOST = "hooks.slack.com";

/** Why a Slack channel may not post to this URL (not Slack's host, and not a host the allowlist opens), or null. */
export function slackRefusal(url: string): string | null {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return "the URL is not valid";
  }
  if (target.protocol === "https:" && target.hostname === SLACK_HOST) return null;
  if (hostAllowlisted(target, outboundAllowlist())) return null;
  return `a Slack channel posts to https://${SLACK_HOST}/ only (or to a host in OUTBOUND_ALLOWLIST)`;
}

/** The channels as they will be stored, or what is missing. */
export function resolveChannels(input: ChannelInput[], existing: Channel[]): { channels: Channel[] } | { issues: Issue[] } {
  const issues: Issue[] = [];
  const channels = input.map((c, i): Channel => {
    const before = existing.find((e) => e.id === c.id && e.type === c.type);
    const id = before?.id ?? newId("ch");
    if (c.type === "email") return { id, type: "email", to: c.to };
    if (c.type === "slack") {
      const url = c.url ?? (before as { url?: string } | undefined)?.url;
      if (!url) issues.push({ path: `channels.${i}.url`, message: "is required for a new Slack channel" });
      const refused = url && c.url ? (slackRefusal(url) ?? urlRefusal(url)) : null;
      if (refused) issues.push({ path: `channels.${i}.url`, message: `is refused: ${refused}` });
      return { id, type: "slack", url: url ?? "" };
    }
    const secret = c.secret ?? (before as { secret?: string } | undefined)?.secret;
    if (!secret) issues.push({ path: `channels.${i}.secret`, message: "is required for a new webhook channel (it signs each body)" });
    const refused = urlRefusal(c.url);
    if (refused) issues.push({ path: `channels.${i}.url`, message: `is refused: ${refused}` });
    return { id, type: "webhook", url: c.url, secret: secret ?? "" };
  });
  return issues.length ? { issues } : { channels };
}

export const channelsOf = (monitor: { channels: unknown }) => (Array.isArray(monitor.channels) ? (monitor.channels as Channel[]) : []);

/** A URL that is a credential (Slack's, and any for a member): shown by its host and last characters. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…${parsed.href.slice(-4)}`;
  } catch {
    return "…";
  }
}

/** An email address by its first character and its domain: enough to tell channels apart. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  return at > 0 ? `${address[0]}…${address.slice(at)}` : "…";
}

/** A channel as an admin sees it, in the API and on the monitor's page. */
export function publicChannel(c: Channel) {
  if (c.type === "webhook") return { id: c.id, type: c.type, url: c.url, has_secret: Boolean(c.secret) };
  if (c.type === "slack") return { id: c.id, type: c.type, url: maskUrl(c.url) };
  return { id: c.id, type: c.type, to: c.to };
}

/**
 * What a member sees of a channel: where it goes, never the credential. Webhook URLs of Discord, Teams
 * and Google Chat carry their token in the path or query, and any URL may carry a user and password.
 */
export function channelShown(c: Channel, role: "admin" | "member"): string {
  if (role === "admin") return c.type === "email" ? c.to : c.type === "slack" ? maskUrl(c.url) : c.url;
  return c.type === "email" ? maskEmail(c.to) : maskUrl(c.url);
}

export function monitorJson(m: StoredMonitor): MonitorJson {
  return {
    id: m.id,
    name: m.name,
    metric: m.metric as MonitorMetric,
    agent_id: m.agentId,
    deployment_id: m.deploymentId,
    evaluation: m.evaluation,
    cause_id: m.causeId,
    window_minutes: m.windowMinutes,
    threshold: m.threshold,
    min_values: m.minValues,
    renotify_minutes: m.renotifyMinutes,
    paused: m.paused,
    channels: channelsOf(m).map(publicChannel),
    state: m.state as MonitorState,
    state_since: m.stateSince.toISOString(),
    last_value: m.lastValue,
    last_count: m.lastCount,
    last_evaluated_at: m.lastEvaluatedAt?.toISOString() ?? null,
    created_at: m.createdAt.toISOString(),
    url: consoleUrl(`/monitors/${m.id}`),
  };
}

/** The settings both a new and a changed monitor take, as Prisma names them (undefined leaves a value as it is). */
const settingsData = (input: UpdateMonitor) => ({
  name: input.name,
  windowMinutes: input.window_minutes,
  threshold: input.threshold,
  minValues: input.min_values,
  renotifyMinutes: input.renotify_minutes,
  paused: input.paused,
});

export async function createMonitor(db: Db, input: CreateMonitor, channels: Channel[]) {
  return db.monitor.create({
    data: {
      ...settingsData(input),
      id: newId("mon"),
      name: input.name,
      metric: input.metric,
      agentId: input.agent_id ?? null,
      deploymentId: input.deployment_id ?? null,
      evaluation: input.evaluation ?? null,
      causeId: input.cause_id ?? null,
      windowMinutes: input.window_minutes,
      threshold: input.threshold,
      channels,
    },
  });
}

export async function updateMonitor(db: Db, id: string, input: UpdateMonitor, channels: Channel[] | undefined) {
  return db.monitor.update({ where: { id }, data: { ...settingsData(input), channels } });
}

export const listMonitors = (db: Db) => db.monitor.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }] });
export const findMonitor = (db: Db, id: string) => db.monitor.findUnique({ where: { id } });

export async function deleteMonitor(db: Db, id: string): Promise<boolean> {
  const { count } = await db.monitor.deleteMany({ where: { id } });
  return count > 0;
}

/** How many monitors are firing now (the navigation's badge). */
export const firingCount = (db: Db) => db.monitor.count({ where: { state: "firing", paused: false } });

/** A monitor with its last transitions and notification attempts. */
export async function monitorDetail(db: Db, m: StoredMonitor): Promise<MonitorDetailJson> {
  const [history, deliveries] = await Promise.all([
    db.monitorTransition.findMany({ where: { monitorId: m.id }, orderBy: { id: "desc" }, take: 100 }),
    db.notificationDelivery.findMany({ where: { monitorId: m.id }, orderBy: { id: "desc" }, take: 100 }),
  ]);
  return {
    ...monitorJson(m),
    history: history.map((h) => ({
      at: h.at.toISOString(),
      from: h.fromState as MonitorState,
      to: h.toState as MonitorState,
      value: h.value,
      count: h.count,
      threshold: h.threshold,
    })),
    deliveries: deliveries.map((d) => ({
      at: d.at.toISOString(),
      channel_id: d.channelId,
      channel_type: d.channelType,
      event: d.event as "firing" | "resolved" | "test",
      attempt: d.attempt,
      outcome: d.outcome as "sent" | "failed",
      response_status: d.responseStatus,
      error: d.error,
    })),
  };
}

/** The figure at each evaluation of the last `hours`, for the chart. */
export const monitorSamples = (db: Db, id: string, hours = 24) =>
  db.monitorSample.findMany({
    where: { monitorId: id, at: { gte: new Date(Date.now() - hours * 3600_000) } },
    orderBy: { at: "asc" },
    select: { at: true, value: true, count: true },
  });

/** What a monitor can watch, for the console's form: agents, recent deployments, evaluation metrics, causes. */
export async function monitorChoices(db: Db) {
  const [agents, deployments, evaluations, causes] = await Promise.all([
    db.agent.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 500 }),
    db.deployment.findMany({ select: { id: true }, orderBy: [{ createdAt: { sort: "desc", nulls: "last" } }, { id: "asc" }], take: 200 }),
    db.evaluationMetric.findMany({ select: { name: true }, orderBy: { name: "asc" }, take: 200 }),
    db.cause.findMany({ select: { id: true, title: true }, where: { state: { not: "ignored" } }, orderBy: [{ callCount: "desc" }, { id: "asc" }], take: 200 }),
  ]);
  return {
    agents: agents.map((a) => a.id),
    deployments: deployments.map((d) => d.id),
    evaluations: evaluations.map((e) => e.name),
    causes: causes.map((c) => ({ id: c.id, title: c.title })),
  };
}
