"use server";
// The console's state changes of a cause: resolve, ignore, reopen. Admins
// only; each change is in the audit log, as it is through the API.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditConsole } from "@/lib/audit/audit-request";
import { requireAdmin } from "@/lib/auth/session";
import { pool } from "@/lib/db/client";
import { formFields } from "@/lib/http/form-fields";
import { causeChangeSchema, changeCauseState } from "./change-cause-state";

export type CauseActionState = { error?: string } | null;

/** The form's fields as typed, blank ones null: causeChangeSchema says what is wrong with them, as the API does. */
const given = z
  .string()
  .optional()
  .transform((v) => v ?? null);
const causeForm = {
  id: z.string().default(""),
  state: given,
  resolved_in_deployment_id: given,
  ignore_calls: given,
  ignore_until: given,
  note: given,
};

export async function changeCauseStateAction(_: CauseActionState, form: FormData): Promise<CauseActionState> {
  const admin = await requireAdmin();
  const read = formFields(form, causeForm);
  if (!read.ok) return { error: read.error };
  const { id, ignore_calls: ignoreCalls, ignore_until: ignoreUntil, ...rest } = read.data;
  const parsed = causeChangeSchema.safeParse({
    state: rest.state,
    resolved_in_deployment_id: rest.resolved_in_deployment_id,
    ignore_calls: ignoreCalls === null ? null : Number(ignoreCalls),
    ignore_until: ignoreUntil === null || Number.isNaN(Date.parse(ignoreUntil)) ? ignoreUntil : new Date(ignoreUntil).toISOString(),
    note: rest.note,
  });
  if (!parsed.success) return { error: parsed.error.issues.map((i) => i.message).join("; ") };
  const outcome = await changeCauseState(pool(), id, parsed.data, admin.email);
  if (!outcome.changed) return { error: outcome.reason === "not_found" ? "This cause no longer exists." : "Callscope knows no such deployment." };
  await auditConsole(admin, {
    action: "cause.state_changed",
    targetType: "cause",
    targetId: id,
    details: { from: outcome.from, to: outcome.to, ...parsed.data },
  });
  revalidatePath(`/problems/${id}`);
  revalidatePath("/problems");
  return null;
}
