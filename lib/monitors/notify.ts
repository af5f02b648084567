// Sending a monitor's notification to one channel: a signed JSON webhook, a
// Slack incoming webhook, or an email over SMTP (nodemailer). Each attempt is
// written to the delivery log; a failed one is retried by the job queue with
// backoff, except where retrying cannot help (a 4xx other than 408 and 429,
// or email without SMTP settings).
import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import type { Pool } from "pg";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import type { Channel } from "./monitor-json";
import { describeCondition, formatFigure, type MonitorMetric } from "./monitor-definitions";

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
};

export type Attempt = { outcome: "sent" | "failed"; responseStatus: number | null; error: string | null; final: boolean };

const TIMEOUT_MS = 10_000;

/** HMAC-SHA256 of the exact body bytes, as sent in x-callscope-signature. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
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
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: `${text}\n<${body.url}|Open the calls in Callscope>` } }] };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Attempt> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Callscope", ...headers },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: "manual",
    });
    const text = (await response.text().catch(() => "")).slice(0, 500);
    if (response.ok) return { outcome: "sent", responseStatus: response.status, error: null, final: false };
    const final = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    return { outcome: "failed", responseStatus: response.status, error: `HTTP ${response.status}${text ? `: ${text}` : ""}`, final };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    return { outcome: "failed", responseStatus: null, error: cause?.message ?? (error as Error).message, final: false };
  }
}

const mailer = () =>
  processSingleton("smtp-transport", () => {
    const settings = env();
    return nodemailer.createTransport({
      host: settings.SMTP_HOST,
      port: settings.SMTP_PORT,
      secure: settings.SMTP_SECURE === "true",
      auth: settings.SMTP_USER ? { user: settings.SMTP_USER, pass: settings.SMTP_PASSWORD ?? "" } : undefined,
      connectionTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
  });

async function email(to: string, body: NotificationBody): Promise<Attempt> {
  if (!env().SMTP_HOST)
    return { outcome: "failed", responseStatus: null, error: "SMTP_HOST is not set: Callscope has no mail server to send through.", final: true };
  const text = `${headline(body)}\n\nOpen the calls: ${body.url}\n\nMonitor ${body.monitor_id}, at ${body.at}.`;
  try {
    await mailer().sendMail({ from: env().SMTP_FROM, to, subject: `[Callscope] ${headline(body)}`, text });
    return { outcome: "sent", responseStatus: null, error: null, final: false };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    // 5xx replies are permanent in SMTP (a refused recipient, a refused login); 4xx and lost connections pass.
    return { outcome: "failed", responseStatus: code ?? null, error: (error as Error).message, final: code !== undefined && code >= 500 };
  }
}

/** One attempt to send `body` to `channel`. */
export async function sendToChannel(channel: Channel, body: NotificationBody): Promise<Attempt> {
  if (channel.type === "webhook") {
    const raw = JSON.stringify(body);
    return post(channel.url, raw, { "x-callscope-signature": signature(channel.secret, raw), "x-callscope-event": body.state });
  }
  if (channel.type === "slack") return post(channel.url, JSON.stringify(slackMessage(body)), {});
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
