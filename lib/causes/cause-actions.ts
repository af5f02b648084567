"use server";
// The console's state changes of a cause: resolve, ignore, reopen. Admins
// only; each change is in the audit log, as it is through the API.
import { revalidatePath } from "next/cache";
import { auditConsole } from "@/lib/audit/audit-request";
import { requireAdmin } from "@/lib/auth/session";
import { pool } from "@/lib/db/client";
import { causeChangeSchema, changeCauseState } from "./change-cause-state";

export type CauseActionState = { error?: string } | null;

export async function changeCauseStateAction(_: CauseActionState, form: FormData): Promise<CauseActionState> {
  const admin = await requireAdmin();
  const id = String(form.get("id") ?? "");
  const value = (name: string) => {
    const v = String(form.get(name) ?? "").trim();
    return v === "" ? null : v;
  };
  const ignoreCalls = value("ignore_calls");
  const ignoreUntil = value("ignore_until");
  const parsed = causeChangeSchema.safeParse({
    state: value("state"),
    resolved_in_deployment_id: value("resolved_in_deployment_id"),
    ignore_calls: ignoreCalls === null ? null : Number(ignoreCalls),
    ignore_until: ignoreUntil === null || Number.isNaN(Date.parse(ignoreUntil)) ? ignoreUntil : new Date(ignoreUntil).toISOString(),
    note: value("note"),
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
