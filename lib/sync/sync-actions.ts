"use server";
// Settings → Cartesia sync's actions, for admins: start a sync (when a
// Cartesia key is configured) and cancel the one running.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditConsole } from "@/lib/audit/audit-request";
import { requireAdmin } from "@/lib/auth/session";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { formFields } from "@/lib/http/form-fields";
import { cancelJob } from "@/lib/jobs/job-queue";
import { startSync, syncAudit } from "./handle-sync";
import { syncRequestSchema } from "./sync-request";

export async function startSyncAction(form: FormData) {
  const admin = await requireAdmin();
  const input = formFields(form, { agent_id: z.string().optional(), since: z.string().optional(), limit: z.string().optional() });
  const parsed = input.ok && syncRequestSchema.safeParse({ ...input.data, limit: input.data.limit ? Number(input.data.limit) : undefined });
  if (parsed && parsed.success && env().CARTESIA_API_KEY) {
    const id = await startSync(parsed.data);
    await auditConsole(admin, syncAudit("sync.started", id, parsed.data));
  }
  revalidatePath("/settings/sync");
}

export async function cancelSyncAction(form: FormData) {
  const admin = await requireAdmin();
  const input = formFields(form, { id: z.string().regex(/^\d{1,18}$/) });
  if (input.ok && (await cancelJob(pool(), input.data.id))) await auditConsole(admin, syncAudit("sync.cancelled", input.data.id));
  revalidatePath("/settings/sync");
}
