"use server";
// The console's monitor forms, for admins only. A form is turned into the
// API's JSON (monitor-form-data.ts) and checked by the same schemas, so a
// monitor made in the console is the one the API would make.
import { auditConsole } from "@/lib/audit/audit-request";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { zodIssues } from "@/lib/http/validation";
import { db, pool } from "@/lib/db/client";
import type { MonitorMetric } from "./monitor-definitions";
import { createFromForm, formChannels, formSettings, readMonitorForm } from "./monitor-form-data";
import { createMonitorSchema, monitorAudit, testAudit, updateMonitorSchema } from "./monitor-json";
import { channelsOf, createMonitor, deleteMonitor, findMonitor, resolveChannels, updateMonitor } from "./monitor-store";
import { sendTest } from "./notify";

export type MonitorFormState = { error: string; issues?: { path: string; message: string }[] } | { message: string } | null;

const invalid = (issues: { path: string; message: string }[]): MonitorFormState => ({
  error: `Please check: ${issues.map((i) => `${i.path.replace(/_/g, " ")} ${i.message}`).join("; ")}.`,
  issues,
});

export async function createMonitorAction(_: MonitorFormState, form: FormData): Promise<MonitorFormState> {
  const admin = await requireAdmin();
  const input = createFromForm(form);
  if (!input) return { error: "Choose a figure to watch." };
  const parsed = createMonitorSchema.safeParse(input);
  if (!parsed.success) return invalid(zodIssues(parsed.error));
  const channels = resolveChannels(parsed.data.channels, []);
  if ("issues" in channels) return invalid(channels.issues);
  const created = await createMonitor(db(), parsed.data, channels.channels);
  await auditConsole(admin, monitorAudit("monitor.created", created.id, parsed.data));
  revalidatePath("/monitors");
  redirect(`/monitors/${created.id}`);
}

export async function updateMonitorAction(_: MonitorFormState, form: FormData): Promise<MonitorFormState> {
  const admin = await requireAdmin();
  const monitor = await findMonitor(db(), readMonitorForm(form).id);
  if (!monitor) return { error: "This monitor no longer exists." };
  const existing = channelsOf(monitor);
  const parsed = updateMonitorSchema.safeParse({ ...formSettings(form, monitor.metric as MonitorMetric), channels: formChannels(form, existing) });
  if (!parsed.success) return invalid(zodIssues(parsed.error));
  const channels = resolveChannels(parsed.data.channels ?? [], existing);
  if ("issues" in channels) return invalid(channels.issues);
  await updateMonitor(db(), monitor.id, parsed.data, channels.channels);
  await auditConsole(admin, monitorAudit("monitor.updated", monitor.id, parsed.data));
  revalidatePath(`/monitors/${monitor.id}`);
  return { message: "Saved. The next evaluation uses the new settings." };
}

export async function deleteMonitorAction(form: FormData) {
  const admin = await requireAdmin();
  const { id } = readMonitorForm(form);
  if (await deleteMonitor(db(), id)) await auditConsole(admin, { action: "monitor.deleted", targetType: "monitor", targetId: id });
  revalidatePath("/monitors");
  redirect("/monitors");
}

export async function testChannelAction(_: MonitorFormState, form: FormData): Promise<MonitorFormState> {
  const admin = await requireAdmin();
  const fields = readMonitorForm(form);
  const monitor = await findMonitor(db(), fields.id);
  if (!monitor) return { error: "This monitor no longer exists." };
  const result = await sendTest(pool(), monitor, fields.channel_id);
  revalidatePath(`/monitors/${monitor.id}`);
  if (!result) return { error: "This channel no longer exists." };
  await auditConsole(admin, testAudit(monitor.id, result));
  return result.outcome === "sent" ? { message: "Test sent." } : { error: `Not sent: ${result.error}` };
}
