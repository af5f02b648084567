// The console's monitor form as the API's JSON, to be checked by the same
// schemas: thresholds of rates are typed as percentages and kept as
// fractions; the form edits one channel of each kind and keeps any others
// the monitor has (their secrets stay where they are stored).
import { z } from "zod";
import { formFields } from "@/lib/http/form-fields";
import type { Channel, ChannelInput } from "./monitor-json";
import { MONITOR_METRICS, type MonitorMetric } from "./monitor-definitions";

/** A number as typed: blank is none, and what is not a number is left for the API's schema to refuse. */
const number = z
  .string()
  .optional()
  .transform((v) => (v === undefined ? undefined : Number(v)));
const text = z.string().default("");
const optional = z.string().optional();

/**
 * Every field of the form, each with what blank means, so reading never
 * fails: what the values say is checked by the API's schemas, whose messages
 * the form shows.
 */
const monitorForm = z.object({
  id: text,
  name: text,
  metric: text,
  agent_id: optional,
  deployment_id: optional,
  evaluation: optional,
  cause_id: optional,
  threshold: number,
  window_minutes: number,
  min_values: number,
  renotify_minutes: number,
  paused: z.boolean(),
  webhook_url: optional,
  webhook_secret: optional,
  slack_url: optional,
  slack_remove: z.boolean(),
  email_to: optional,
  channel_id: text,
});

export type MonitorFormFields = z.infer<typeof monitorForm>;

export function readMonitorForm(form: FormData): MonitorFormFields {
  const read = formFields(form, monitorForm);
  if (!read.ok) throw new Error(`the monitor form's reader refused a form: ${read.error}`);
  return read.data;
}

/** A stored channel sent back by its id: what resolveChannels needs to keep it as it is. */
function keep(c: Channel): ChannelInput {
  if (c.type === "webhook") return { id: c.id, type: c.type, url: c.url };
  if (c.type === "slack") return { id: c.id, type: c.type };
  return { id: c.id, type: c.type, to: c.to };
}

/** The channels a form describes: the first of each kind as typed, the others kept. */
export function formChannels(form: FormData, existing: Channel[]): ChannelInput[] {
  const f = readMonitorForm(form);
  const first = (type: Channel["type"]) => existing.find((c) => c.type === type);
  const channels: ChannelInput[] = [];
  if (f.webhook_url) channels.push({ id: first("webhook")?.id, type: "webhook", url: f.webhook_url, secret: f.webhook_secret });
  if (!f.slack_remove && (f.slack_url || first("slack"))) channels.push({ id: first("slack")?.id, type: "slack", url: f.slack_url });
  if (f.email_to) channels.push({ id: first("email")?.id, type: "email", to: f.email_to });
  return [...channels, ...existing.filter((c) => c !== first(c.type)).map(keep)];
}

/** The settings every monitor has, as the API names them. */
export function formSettings(form: FormData, metric: MonitorMetric) {
  const f = readMonitorForm(form);
  return {
    name: f.name,
    window_minutes: f.window_minutes,
    threshold: f.threshold !== undefined && MONITOR_METRICS[metric].unit === "ratio" ? f.threshold / 100 : f.threshold,
    min_values: f.min_values,
    renotify_minutes: f.renotify_minutes ?? null,
    paused: f.paused,
  };
}

/** A new monitor as the API's JSON (to parse with createMonitorSchema). */
export function createFromForm(form: FormData) {
  const f = readMonitorForm(form);
  const metric = f.metric as MonitorMetric;
  if (!Object.hasOwn(MONITOR_METRICS, metric)) return null;
  return {
    ...formSettings(form, metric),
    metric,
    agent_id: f.agent_id ?? null,
    deployment_id: f.deployment_id ?? null,
    evaluation: metric === "evaluation_fail_rate" ? (f.evaluation ?? null) : null,
    cause_id: metric === "cause_rate" ? (f.cause_id ?? null) : null,
    channels: formChannels(form, []),
  };
}
