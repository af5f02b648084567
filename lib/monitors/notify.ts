// Sending a monitor's notification to one channel: a signed JSON webhook, a
// Slack incoming webhook, or an email over SMTP (nodemailer). Each attempt is
// written to the delivery log; a failed one is retried by the job queue with
// backoff, except where retrying cannot help (a 3xx, a 4xx other than 408 and
// 429, an address the outbound guard refuses, or email without SMTP settings).
import { createHmac } from "node:crypto";
import { STATUS_CODES } from "node:http";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { Pool } from "pg";
import { type Env, env } from "@/lib/env";
import { OutboundRefused, postOutbound } from "@/lib/http/outbound-request";
import { processSingleton } from "@/lib/process-singleton";
import type { Channel } from "./monitor-json";
import { describeCondition, type FigureCause, formatFigure, type MonitorMetric } from "./monitor-definitions";
import { channelsOf, consoleUrl, type MonitorRow, slackRefusal, type StoredMonitor } from "./monitor-store";

export type NotificationEvent = "firing" | "resolved" | "test";

/** The JSON a webhook receives (and what Slack and email messages are written from). */
export type NotificationBody = {
  monitor_id: string;
  name: string;
  state: NotificationEvent;
  metric: MonitorMetric;
  value: number | null;
  threshold: number;
  window_minutes: number;
  agent_id: string | null;
  deployment_id: string | null;
  at: string;
  url: string;
  /** for the cause figures: the causes it counts (new or regressed ones, or the watched cause), each with its page */
  causes?: { id: string; title: string; url: string }[];
};

export type Attempt = { outcome: "sent" | "failed"; responseStatus: number | null; error: string | null; final: boolean };

const TIMEOUT_MS = 10_000;

/** The calls behind a figure, as a link into the console's calls list (or its causes, for the cause figures). */
export function callsUrl(m: Pick<MonitorRow, "metric" | "agent_id" | "deployment_id" | "window_minutes">, at: Date, causes: FigureCause[] = []): string {
  const params = new URLSearchParams();
  if (m.metric === "new_causes" || m.metric === "regressed_causes" || m.metric === "cause_rate") {
    if (causes.length === 1) return consoleUrl(`/problems/${encodeURIComponent(causes[0].id)}`);
    if (m.agent_id) params.set("agent_id", m.agent_id);
    if (m.deployment_id) params.set("deployment_id", m.deployment_id);
    if (m.metric !== "cause_rate") params.set("state", m.metric === "new_causes" ? "new" : "regressed");
    return consoleUrl(`/problems${params.size ? `?${params}` : ""}`);
  }
  if (m.agent_id) params.set("agent", m.agent_id);
  if (m.deployment_id) params.set("deployment", m.deployment_id);
  const from = new Date(at.getTime() - m.window_minutes * 60_000);
  if (m.metric === "unfinished_calls") {
    for (const status of ["placeholder", "created", "started", "active"]) params.append("status", status);
    params.set("from", new Date(from.getTime() - 86400_000).toISOString());
    params.set("to", from.toISOString());
  } else {
    params.set("from", from.toISOString());
    params.set("to", at.toISOString());
    if (m.metric === "failure_rate") params.set("status", "failed");
    if (m.metric === "tts_ttfb_p95_ms") params.set("sort", "slowest");
  }
  return consoleUrl(`/calls?${params}`);
}

export function notificationBody(
  m: Pick<MonitorRow, "id" | "name" | "metric" | "agent_id" | "deployment_id" | "window_minutes" | "threshold">,
  event: NotificationEvent,
  value: number | null,
  at: Date,
  causes?: FigureCause[],
): NotificationBody {
  return {
    monitor_id: m.id,
    name: m.name,
    state: event,
    metric: m.metric,
    value,
    threshold: m.threshold,
    window_minutes: m.window_minutes,
    agent_id: m.agent_id,
    deployment_id: m.deployment_id,
    at: at.toISOString(),
    url: callsUrl(m, at, causes),
    ...(causes ? { causes: causes.map((c) => ({ ...c, url: consoleUrl(`/problems/${encodeURIComponent(c.id)}`) })) } : {}),
  };
}

/** The causes named in a message, the newest first (a few; the link opens the rest). */
function causeLines(body: NotificationBody): string[] {
  const shown = (body.causes ?? []).slice(0, 5).map((c) => `- ${c.title}: ${c.url}`);
  const more = (body.causes?.length ?? 0) - shown.length;
  return more > 0 ? [...shown, `- and ${more} more`] : shown;
}
const linkText = (body: NotificationBody) =>
  body.causes ? (body.causes.length === 1 ? "Open the cause in Callscope" : "Open the causes in Callscope") : "Open the calls in Callscope";

/**
 * The x-callscope-signature header, as Stripe signs its webhooks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<exact body>">`. The time is signed with the body, so a receiver that refuses old times refuses a
 * captured request sent again; it is also sent alone in x-callscope-timestamp.
 */
export function signature(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The headers that sign one attempt, with the time it is sent. */
export function signedHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { "x-callscope-timestamp": String(timestamp), "x-callscope-signature": signature(secret, body, timestamp) };
}

function headline(body: NotificationBody): string {
  const scope = [body.agent_id && `agent ${body.agent_id}`, body.deployment_id && `deployment ${body.deployment_id}`].filter(Boolean).join(", ") || "all calls";
  const figure = `${formatFigure(body.metric, body.value)} (${describeCondition(body.metric, body.threshold)}) over ${body.window_minutes} min, ${scope}`;
  const word = body.state === "firing" ? "FIRING" : body.state === "resolved" ? "RESOLVED" : "TEST";
  return `${word}: ${body.name}: ${figure}`;
}

/** Slack's message: a text (also the notification's preview) and one block with the link to the calls. */
export function slackMessage(body: NotificationBody) {
  const icon = body.state === "firing" ? ":rotating_light:" : body.state === "resolved" ? ":white_check_mark:" : ":information_source:";
  const text = `${icon} ${headline(body)}`;
  const causes = (body.causes ?? []).slice(0, 5).map((c) => `\n• <${c.url}|${slackEscape(c.title)}>`);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: `${slackEscape(text)}${causes.join("")}\n<${body.url}|${linkText(body)}>` } }] };
}

/** Slack's mrkdwn treats &, < and > as control characters (https://docs.slack.dev/messaging/formatting-message-text/#escaping). */
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * One POST through the outbound guard. The delivery log keeps the status and a short reason of our own,
 * never what the receiver answered: that text could be anything on any host the URL reached.
 */
async function post(url: string, body: string, headers: Record<string, string>): Promise<Attempt> {
  try {
    const { status } = await postOutbound(url, body, { "content-type": "application/json", "user-agent": "Callscope", ...headers }, { timeoutMs: TIMEOUT_MS });
    if (status >= 200 && status < 300) return { outcome: "sent", responseStatus: status, error: null, final: false };
    const reason = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ""}`;
    if (status >= 300 && status < 400) return { outcome: "failed", responseStatus: status, error: `${reason}: redirects are not followed`, final: true };
    const final = status >= 400 && status < 500 && status !== 408 && status !== 429;
    return { outcome: "failed", responseStatus: status, error: reason, final };
  } catch (error) {
    if (error instanceof OutboundRefused) return { outcome: "failed", responseStatus: null, error: `Refused: ${error.message}`, final: true };
    return { outcome: "failed", responseStatus: null, error: (error as Error).message.slice(0, 200), final: false };
  }
}

/**
 * nodemailer's options from the settings. With SMTP_REQUIRE_TLS (the default when SMTP_USER is set) a
 * server that offers no STARTTLS is refused before anything, the password above all, is sent. The SMTP
 * server is not put through the outbound guard: it is the operator's setting, not something typed in the
 * console, and a mail relay on the private network is the usual case.
 */
export function smtpOptions(settings: Pick<Env, "SMTP_HOST" | "SMTP_PORT" | "SMTP_SECURE" | "SMTP_USER" | "SMTP_PASSWORD" | "SMTP_REQUIRE_TLS">) {
  const secure = settings.SMTP_SECURE === "true";
  return {
    host: settings.SMTP_HOST,
    port: settings.SMTP_PORT,
    secure,
    requireTLS: !secure && (settings.SMTP_REQUIRE_TLS ? settings.SMTP_REQUIRE_TLS === "true" : Boolean(settings.SMTP_USER)),
    auth: settings.SMTP_USER ? { user: settings.SMTP_USER, pass: settings.SMTP_PASSWORD ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  } satisfies SMTPTransport.Options;
}

const mailer = () => processSingleton("smtp-transport", () => nodemailer.createTransport(smtpOptions(env())));

async function email(to: string, body: NotificationBody): Promise<Attempt> {
  if (!env().SMTP_HOST)
    return { outcome: "failed", responseStatus: null, error: "SMTP_HOST is not set: Callscope has no mail server to send through.", final: true };
  const causes = causeLines(body);
  const text = `${headline(body)}\n\n${causes.length ? `${causes.join("\n")}\n\n` : ""}${linkText(body)}: ${body.url}\n\nMonitor ${body.monitor_id}, at ${body.at}.`;
  try {
    await mailer().sendMail({ from: env().SMTP_FROM, to, subject: `[Callscope] ${headline(body)}`, text });
    return { outcome: "sent", responseStatus: null, error: null, final: false };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    // 5xx replies are permanent in SMTP (a refused recipient, a refused login); 4xx and lost connections pass.
    const message = (error as Error).message.slice(0, 300);
    return { outcome: "failed", responseStatus: code ?? null, error: message, final: code !== undefined && code >= 500 };
  }
}

/** One attempt to send `body` to `channel`. */
export async function sendToChannel(channel: Channel, body: NotificationBody): Promise<Attempt> {
  if (channel.type === "webhook") {
    const raw = JSON.stringify(body);
    return post(channel.url, raw, { ...signedHeaders(channel.secret, raw), "x-callscope-event": body.state });
  }
  if (channel.type === "slack") {
    const refused = slackRefusal(channel.url);
    if (refused) return { outcome: "failed", responseStatus: null, error: `Refused: ${refused}`, final: true };
    return post(channel.url, JSON.stringify(slackMessage(body)), {});
  }
  return email(channel.to, body);
}

/** Sends and writes the attempt to the delivery log. */
export async function deliver(pool: Pool, monitorId: string, channel: Channel, body: NotificationBody, attempt: number): Promise<Attempt> {
  const result = await sendToChannel(channel, body);
  await pool.query(
    `insert into notification_deliveries (monitor_id, channel_id, channel_type, event, attempt, outcome, response_status, error)
     select $1, $2, $3, $4, $5, $6, $7, $8 where exists (select 1 from monitors where id = $1)`,
    [monitorId, channel.id, channel.type, body.state, attempt, result.outcome, result.responseStatus, result.error?.slice(0, 2000) ?? null],
  );
  return result;
}

/** One test notification to one channel of a monitor, now, recorded in the delivery log like any other; null for no such channel. */
export async function sendTest(pool: Pool, monitor: StoredMonitor, channelId: string) {
  const channel = channelsOf(monitor).find((c) => c.id === channelId);
  if (!channel) return null;
  const row = {
    id: monitor.id,
    name: monitor.name,
    metric: monitor.metric as MonitorMetric,
    agent_id: monitor.agentId,
    deployment_id: monitor.deploymentId,
    window_minutes: monitor.windowMinutes,
    threshold: monitor.threshold,
  };
  const attempt = await deliver(pool, monitor.id, channel, notificationBody(row, "test", monitor.lastValue, new Date()), 1);
  return { channel_id: channel.id, channel_type: channel.type, outcome: attempt.outcome, response_status: attempt.responseStatus, error: attempt.error };
}
