"use server";
// Settings → Latency's actions, for admins: save which metric names measure
// each stage (audited), and measure the recent calls again with it.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditConsole } from "@/lib/audit/audit-request";
import { requireAdmin } from "@/lib/auth/session";
import { pool, rememberWrite } from "@/lib/db/client";
import { formFields } from "@/lib/http/form-fields";
import { CONVERSATION_JOB, conversationJob } from "@/lib/jobs/job-kinds";
import { enqueueMany } from "@/lib/jobs/job-queue";
import { readStoredStageMetrics, saveStageMetrics } from "./stage-settings";
import { stageMetricsFromForm } from "./stage-settings-form";

/** At most this many calls are measured again at once. */
const REMEASURE_MAX = 20_000;

/** From 1 to 30 days; a week when the form says nothing usable. */
const remeasureForm = {
  days: z
    .string()
    .optional()
    .transform((v) => Math.min(30, Math.max(1, Number(v) || 7))),
};

export async function saveStageMetricsAction(form: FormData) {
  const admin = await requireAdmin();
  const before = await readStoredStageMetrics(pool());
  const result = stageMetricsFromForm(form);
  if (!result.ok) redirect(`/settings/latency?error=${encodeURIComponent(result.error)}`);
  await saveStageMetrics(pool(), result.value);
  await auditConsole(admin, { action: "latency_stages.changed", targetType: "settings", targetId: "latency_stages", details: { before, after: result.value } });
  revalidatePath("/settings/latency");
  redirect("/settings/latency?saved=1");
}

/** Queues the finished calls of the last `days` days (the newest first, up to a limit) to be measured again. */
export async function remeasureAction(form: FormData) {
  await requireAdmin();
  const input = formFields(form, remeasureForm);
  const days = input.ok ? input.data.days : 7;
  const { rows } = await pool().query(
    `select id from calls where status in ('completed', 'failed', 'cancelled') and content_deleted_at is null
       and sort_time > now() - $1::int * interval '1 day' order by sort_time desc limit $2`,
    [days, REMEASURE_MAX],
  );
  for (let i = 0; i < rows.length; i += 1000)
    await enqueueMany(
      pool(),
      CONVERSATION_JOB,
      rows.slice(i, i + 1000).map((r) => conversationJob(r.id)),
    );
  await rememberWrite();
  redirect(`/settings/latency?remeasured=${rows.length}`);
}
