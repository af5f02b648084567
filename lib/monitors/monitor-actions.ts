"use server";
// The console's monitor forms, for admins only. A form is turned into the
// API's JSON and checked by the same schemas, so a monitor made in the
// console is the one the API would make. Thresholds of rates are typed as
// percentages and stored as fractions.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { zodIssues } from "@/lib/http/validation";
import { sendTest } from "./handle-monitors";
import { type Channel, type ChannelInput, createMonitorSchema, updateMonitorSchema } from "./monitor-json";
import { MONITOR_METRICS, type MonitorMetric } from "./monitor-definitions";
import { channelsOf, createMonitor, deleteMonitor, findMonitor, resolveChannels, updateMonitor } from "./monitor-store";

export type MonitorFormState = { error: string; issues?: { path: string; message: string }[] } | { message: string } | null;

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
};
const number = (form: FormData, name: string) => (text(form, name) === "" ? undefined : Number(text(form, name)));

/** The channels a form describes: one of each kind, keeping any others the monitor has. */
function formChannels(form: FormData, existing: Channel[]): ChannelInput[] {
  const first = (type: Channel["type"]) => existing.find((c) => c.type === type);
  const channels: ChannelInput[] = [];
  const webhookUrl = text(form, "webhook_url");
  if (webhookUrl) channels.push({ id: first("webhook")?.id, type: "webhook", url: webhookUrl, secret: text(form, "webhook_secret") || undefined });
  const slackUrl = text(form, "slack_url");
  if (!form.get("slack_remove") && (slackUrl || first("slack"))) channels.push({ id: first("slack")?.id, type: "slack", url: slackUrl || undefined });
  const to = text(form, "email_to");
  if (to) channels.push({ id: first("email")?.id, type: "email", to });
  const kept = existing.filter((c) => c !== first(c.type));
  return [...channels, ...kept.map((c) => ({ id: c.id, type: c.type }) as ChannelInput)];
}

function settingsFrom(form: FormData, metric: MonitorMetric) {
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

const invalid = (issues: { path: string; message: string }[]): MonitorFormState => ({
  error: `Please check: ${issues.map((i) => `${i.path.replace(/_/g, " ")} ${i.message}`).join("; ")}.`,
  issues,
});

export async function createMonitorAction(_: MonitorFormState, form: FormData): Promise<MonitorFormState> {
  await requireAdmin();
  const metric = text(form, "metric") as MonitorMetric;
  if (!Object.hasOwn(MONITOR_METRICS, metric)) return { error: "Choose a figure to watch." };
  const parsed = createMonitorSchema.safeParse({
    ...settingsFrom(form, metric),
    metric,
    agent_id: text(form, "agent_id") || null,
    deployment_id: text(form, "deployment_id") || null,
    evaluation: metric === "evaluation_fail_rate" ? text(form, "evaluation") || null : null,
    channels: formChannels(form, []),
  });
  if (!parsed.success) return invalid(zodIssues(parsed.error));
  const channels = resolveChannels(parsed.data.channels, []);
  if ("issues" in channels) return invalid(channels.issues);
  const created = await createMonitor(db(), parsed.data, channels.channels);
  revalidatePath("/monitors");
  redirect(`/monitors/${created.id}`);
}

export async function updateMonitorAction(_: MonitorFormState, form: FormData): Promise<MonitorFormState> {
  await requireAdmin();
  const monitor = await findMonitor(db(), text(form, "id"));
  if (!monitor) return { error: "This monitor no longer exists." };
  const existing = channelsOf(monitor);
  const parsed = updateMonitorSchema.safeParse({ ...settingsFrom(form, monitor.metric as MonitorMetric), channels: formChannels(form, existing) });
  if (!parsed.success) return invalid(zodIssues(parsed.error));
  const channels = resolveChannels(parsed.data.channels ?? [], existing);
  if ("issues" in channels) return invalid(channels.issues);
  await updateMonitor(db(), monitor.id, parsed.data, channels.channels);
  revalidatePath(`/monitors/${monitor.id}`);
  return { message: "Saved. The next evaluation uses the new settings." };
}

export async function deleteMonitorAction(form: FormData) {
  await requireAdmin();
  await deleteMonitor(db(), text(form, "id"));
  revalidatePath("/monitors");
  redirect("/monitors");
}

export async function testChannelAction(_: MonitorFormState, form: FormData): Promise<MonitorFormState> {
  await requireAdmin();
  const monitor = await findMonitor(db(), text(form, "id"));
  if (!monitor) return { error: "This monitor no longer exists." };
  const result = await sendTest(monitor, text(form, "channel_id"));
  revalidatePath(`/monitors/${monitor.id}`);
  if (!result) return { error: "This channel no longer exists." };
  return result.outcome === "sent" ? { message: "Test sent." } : { error: `Not sent: ${result.error}` };
}
