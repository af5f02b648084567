// Monitors as the API takes and answers them. Channel secrets are written,
// never read back: a webhook's secret is answered as `has_secret`, a Slack
// URL (itself a credential) by its host and last characters.
import { z } from "zod";
import { MONITOR_METRIC_NAMES } from "./monitor-definitions";

const id = z.string().trim().min(1).max(256);
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// address" }).max(2000);

export const channelInputSchema = z.discriminatedUnion("type", [
  z.object({ id: z.string().optional(), type: z.literal("webhook"), url: httpUrl, secret: z.string().min(8).max(256).optional() }).strict(),
  z.object({ id: z.string().optional(), type: z.literal("slack"), url: httpUrl.optional() }).strict(),
  z.object({ id: z.string().optional(), type: z.literal("email"), to: z.email().max(320) }).strict(),
]);
export type ChannelInput = z.infer<typeof channelInputSchema>;

/** A channel as stored. */
export type Channel =
  { id: string; type: "webhook"; url: string; secret: string } | { id: string; type: "slack"; url: string } | { id: string; type: "email"; to: string };

const settings = {
  name: z.string().trim().min(1).max(100),
  window_minutes: z
    .int()
    .min(1)
    .max(7 * 24 * 60),
  threshold: z.number().min(0).max(1e9),
  min_values: z.int().min(1).max(1_000_000),
  renotify_minutes: z
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .nullable(),
  paused: z.boolean(),
  channels: z.array(channelInputSchema).max(10),
};

export const createMonitorSchema = z
  .object({
    ...settings,
    metric: z.enum(MONITOR_METRIC_NAMES),
    agent_id: id.nullish(),
    deployment_id: id.nullish(),
    evaluation: id.nullish(),
    cause_id: id.nullish().describe("for cause_rate: the cause; none counts calls with any cause"),
    min_values: settings.min_values.default(10),
    renotify_minutes: settings.renotify_minutes.default(null),
    paused: settings.paused.default(false),
    channels: settings.channels.default([]),
  })
  .strict()
  .refine((m) => m.metric === "evaluation_fail_rate" || !m.evaluation, { path: ["evaluation"], message: "is only for evaluation_fail_rate" })
  .refine((m) => m.metric === "cause_rate" || !m.cause_id, { path: ["cause_id"], message: "is only for cause_rate" });

/** What can change; the figure and what it watches cannot (make another monitor). */
export const updateMonitorSchema = z.object(settings).partial().strict();

/** What POST /api/v1/monitors/{id}/test takes: the channel to send to. */
export const channelTestRequestSchema = z.object({ channel_id: z.string().min(1).max(100) }).strict();

export type CreateMonitor = z.output<typeof createMonitorSchema>;
export type UpdateMonitor = z.output<typeof updateMonitorSchema>;

const channelSchema = z.discriminatedUnion("type", [
  z.object({ id: z.string(), type: z.literal("webhook"), url: z.string(), has_secret: z.boolean() }),
  z.object({ id: z.string(), type: z.literal("slack"), url: z.string().describe("the host and the last characters only: the URL is a credential") }),
  z.object({ id: z.string(), type: z.literal("email"), to: z.string() }),
]);

const state = z.enum(["ok", "firing", "no_data"]);

export const monitorSchema = z.object({
  id: z.string(),
  name: z.string(),
  metric: z.enum(MONITOR_METRIC_NAMES),
  agent_id: z.string().nullable(),
  deployment_id: z.string().nullable(),
  evaluation: z.string().nullable(),
  cause_id: z.string().nullable(),
  window_minutes: z.int(),
  threshold: z.number(),
  min_values: z.int(),
  renotify_minutes: z.int().nullable(),
  paused: z.boolean(),
  channels: z.array(channelSchema),
  state,
  state_since: z.iso.datetime(),
  last_value: z.number().nullable(),
  last_count: z.int().nullable(),
  last_evaluated_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  url: z.string().describe("the console's page of the monitor"),
});

export const monitorDetailSchema = monitorSchema.extend({
  history: z.array(z.object({ at: z.iso.datetime(), from: state, to: state, value: z.number().nullable(), count: z.int().nullable(), threshold: z.number() })),
  deliveries: z.array(
    z.object({
      at: z.iso.datetime(),
      channel_id: z.string(),
      channel_type: z.string(),
      event: z.enum(["firing", "resolved", "test"]),
      attempt: z.int(),
      outcome: z.enum(["sent", "failed"]),
      response_status: z.int().nullable(),
      error: z.string().nullable(),
    }),
  ),
});

export const monitorListSchema = z.object({ data: z.array(monitorSchema) });
export const channelTestSchema = z.object({
  channel_id: z.string(),
  channel_type: z.enum(["webhook", "slack", "email"]),
  outcome: z.enum(["sent", "failed"]),
  response_status: z.int().nullable(),
  error: z.string().nullable(),
});

export type MonitorJson = z.infer<typeof monitorSchema>;
export type MonitorDetailJson = z.infer<typeof monitorDetailSchema>;

/** What the audit log keeps of a test send: the channel and how it went (never its address, nor the receiver's answer). */
export function testAudit(monitorId: string, result: { channel_id: string; channel_type: string; outcome: string; response_status: number | null }) {
  return {
    action: "monitor.tested" as const,
    targetType: "monitor",
    targetId: monitorId,
    details: { channel_id: result.channel_id, channel_type: result.channel_type, outcome: result.outcome, response_status: result.response_status },
  };
}

/** What the audit log keeps of a monitor's creation or change: the fields sent, and of channels only their kinds (never URLs or addresses). */
export function monitorAudit(action: "monitor.created" | "monitor.updated", id: string, input: Record<string, unknown>) {
  const { channels, ...fields } = input as { channels?: { type: string }[] };
  return {
    action,
    targetType: "monitor",
    targetId: id,
    details: { ...fields, ...(channels ? { channels: channels.map((c) => c.type) } : {}) },
  };
}
