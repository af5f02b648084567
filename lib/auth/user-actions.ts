"use server";
// Settings → Users' actions, for admins: add a user (their password shown
// once), change a role, remove a user. The last admin can be neither demoted
// nor removed: users.ts refuses, and the refusal is shown beside the row.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditConsole } from "@/lib/audit/audit-request";
import { formFields } from "@/lib/http/form-fields";
import { USER_ROLES } from "./auth";
import { requireAdmin } from "./session";
import type { ShownOnce } from "./shown-once";
import { createUser, removeUser, setUserRole, UserError } from "./users";

/** An error to show beside a user's row, or nothing. */
export type UserActionState = { error: string } | null;

const id = z.string().max(200);
const role = z.enum(USER_ROLES);

export async function createUserAction(_: ShownOnce, form: FormData): Promise<ShownOnce> {
  const admin = await requireAdmin();
  // A blank email is left to createUser, which says what a valid one is.
  const input = formFields(form, { role, email: z.string().default("") });
  if (!input.ok) return { error: "Choose a role." };
  try {
    const created = await createUser({ email: input.data.email, role: input.data.role });
    await auditConsole(admin, { action: "user.created", targetType: "user", targetId: created.id, details: { email: created.email, role: created.role } });
    revalidatePath("/settings/users");
    return { value: created.password, label: `${created.email} (${created.role})` };
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    if ((error as Error).name === "ZodError") return { error: "Enter a valid email address." };
    throw error;
  }
}

export async function setUserRoleAction(_: UserActionState, form: FormData): Promise<UserActionState> {
  const admin = await requireAdmin();
  const input = formFields(form, { id, role });
  if (!input.ok) return { error: "Choose a role." };
  try {
    await setUserRole(input.data.id, input.data.role);
    await auditConsole(admin, { action: "user.role_changed", targetType: "user", targetId: input.data.id, details: { role: input.data.role } });
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    throw error;
  }
  revalidatePath("/settings/users");
  return null;
}

export async function removeUserAction(_: UserActionState, form: FormData): Promise<UserActionState> {
  const admin = await requireAdmin();
  const input = formFields(form, { id });
  if (!input.ok) return { error: "No such user." };
  try {
    await removeUser(input.data.id);
    await auditConsole(admin, { action: "user.removed", targetType: "user", targetId: input.data.id });
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    throw error;
  }
  revalidatePath("/settings/users");
  return null;
}
