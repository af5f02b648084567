"use server";
// The console's delete: an admin's server action around the one deletion the API uses too.
import { revalidatePath } from "next/cache";
import { auditConsole } from "@/lib/audit/audit-request";
import { requireAdmin } from "@/lib/auth/session";
import { pool } from "@/lib/db/client";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import { deleteCallContent } from "@/lib/privacy/delete-call-content";

/** Deletes the call's content; answers an error to show, or null. */
export async function deleteCallContentAction(callId: string): Promise<string | null> {
  const admin = await requireAdmin();
  const done = await deleteCallContent(pool(), recordingStorage(), callId, { at: new Date().toISOString(), by: `user ${admin.email}`, reason: "deleted_here" });
  if (done) await auditConsole(admin, { action: "call.content_deleted", targetType: "call", targetId: callId });
  revalidatePath(`/calls/${encodeURIComponent(callId)}`);
  return done ? null : "No such call.";
}
