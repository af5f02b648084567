// The console's monitor form as the API's JSON, to be checked by the same
// schemas: thresholds of rates are typed as percentages and kept as
// fractions; the form edits one channel of each kind and keeps any others
// the monitor has (their secrets stay where they are stored).
import type { Channel, ChannelInput } from "./monitor-json";
import { MONITOR_METRICS, type MonitorMetric } from "./monitor-definitions";

/** A form field as a trimmed string; empty when missing. */
export const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
};
const number = (form: FormData, name: string) => (text(form, name) === "" ? undefined : Number(text(form, name)));

/** A stored channel sent back by its id: what resolveChannels needs to keep it as it is. */
function keep(c: Channel): ChannelInput {
  if (c.type === "webhook") return { id: c.id, type: c.type, url: c.url };
  if (c.type === "slack") return { id: c.id, type: c.type };
  return { id: c.id, type: c.type, to: c.to };
}

/** The channels a form describes: the first of each kind as typed, the others kept. */
export function formChannels(form: FormData, existing: Channel[]): ChannelInput[] {
  const first = (type: Channel["type"]) => existing.find((c) => c.type === type);
  const channels: ChannelInput[] = [];
  const webhookUrl = text(form, "webhook_url");
  if (webhookUrl) channels.push({ id: first("webhook")?.id, type: "webhook", url: webhookUrl, secret: text(form, "webhook_secret") || undefined });
  const slackUrl = text(form, "slack_url");
  if (!form.get("slack_remove") && (slackUrl || first("slack"))) channels.push({ id: first("slack")?.id, type: "slack", url: slackUrl || undefined });
  const to = text(form, "email_to");
  if (to) channels.push({ id: first("email")?.id, type: "email", to });
  return [...channels, ...existing.filter((c) => c !== first(c.type)).map(keep)];
}

/** The settings every monitor has, as the API names them. */
export function formSettings(form: FormData, metric: MonitorMetric) {
  const threshold = number(form, "threshold");
  return {
    name: text(form, "name"),
    window_minutes: number(form, "window_minutes"),
    threshold: threshold !== undefined && MONITOR_METRICS[metric].unit === "ratio" ? threshold / 100 : threshold,
    min_values: number(form, "min_values"),
    renotify_minutes: number(form, "renotify_minutes") ?? null,
    paused: form.get("paused") === "on",
  };
}

/** A new monitor as the API's JSON (to parse with createMonitorSchema). */
export function createFromForm(form: FormData) {
  const metric = text(form, "metric") as MonitorMetric;
  if (!Object.hasOwn(MONITOR_METRICS, metric)) return null;
  return {
    ...formSettings(form, metric),
    metric,
    agent_id: text(form, "agent_id") || null,
    deployment_id: text(form, "deployment_id") || null,
    evaluation: metric === "evaluation_fail_rate" ? text(form, "evaluation") || null : null,
    cause_id: metric === "cause_rate" ? text(form, "cause_id") || null : null,
    channels: formChannels(form, []),
  };
}
