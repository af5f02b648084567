"use server";
// Settings → Privacy's actions, for admins: save the policy (audited, with
// what changed) and ask for a retention run now.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { auditConsole } from "@/lib/audit/audit-request";
import { requireAdmin } from "@/lib/auth/session";
import { pool, rememberWrite } from "@/lib/db/client";
import { privacyFromForm } from "./privacy-form";
import { readStoredPrivacy, saveStoredPrivacy } from "./privacy-settings";
import { runRetentionSoon } from "./retention-worker";

export async function savePrivacyAction(form: FormData) {
  const admin = await requireAdmin();
  const before = await readStoredPrivacy(pool());
  const result = privacyFromForm(form, before);
  if (!result.ok) redirect(`/settings/privacy?error=${encodeURIComponent(result.error)}`);
  await saveStoredPrivacy(pool(), result.value);
  await auditConsole(admin, { action: "privacy.changed", targetType: "settings", targetId: "privacy", details: { before, after: result.value } });
  revalidatePath("/settings/privacy");
  redirect("/settings/privacy?saved=1");
}

export async function runRetentionNowAction() {
  await requireAdmin();
  await runRetentionSoon(pool());
  await rememberWrite();
  redirect("/settings/privacy?retention=queued");
}
