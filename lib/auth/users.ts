// Console users: created by an admin (or at first start), never by sign-up.
// Creation goes through Better Auth so that passwords are hashed its way.
import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Db } from "@/lib/db/types";
import { auth, USER_ROLES, type UserRole } from "./auth";

export const newUserSchema = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(8).max(128).optional(),
  role: z.enum(USER_ROLES).default("member"),
});
export type NewUser = z.input<typeof newUserSchema>;

export class UserError extends Error {}

const USERS_LOCK = 1667329133;

export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}

/** Creates a user; without a password one is generated and returned, to be shown once. */
export async function createUser(input: NewUser): Promise<{ id: string; email: string; role: UserRole; password: string }> {
  const parsed = newUserSchema.parse(input);
  const email = parsed.email.toLowerCase();
  if (await db().user.findUnique({ where: { email }, select: { id: true } })) throw new UserError(`A user with the email ${email} exists already.`);
  const password = parsed.password ?? generatePassword();
  const { api } = await auth();
  const { user } = await api.createUser({ body: { email, password, name: parsed.name ?? email.split("@")[0], role: parsed.role } });
  return { id: user.id, email, role: parsed.role, password };
}

export async function listUsers() {
  return db().user.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      createdAt: true,
      sessions: { select: { updatedAt: true }, orderBy: { updatedAt: "desc" }, take: 1 },
    },
  });
}

/**
 * Changes users under one lock, so that two admins demoting or removing each
 * other at the same moment cannot leave the console without an admin.
 */
async function withUsersLocked<T>(change: (tx: Db) => Promise<T>, timeout = 5_000): Promise<T> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${USERS_LOCK})`;
      return change(tx);
    },
    { timeout },
  );
}

const otherAdmins = (tx: Db, userId: string) => tx.user.count({ where: { role: "admin", id: { not: userId } } });

export async function setUserRole(userId: string, role: UserRole) {
  await withUsersLocked(async (tx) => {
    if (role !== "admin" && (await otherAdmins(tx, userId)) === 0) throw new UserError("The last admin cannot lose the admin role.");
    const updated = await tx.user.updateMany({ where: { id: userId }, data: { role } });
    if (!updated.count) throw new UserError("No such user.");
  });
}

/** Removes a user and, with them, their sessions. */
export async function removeUser(userId: string) {
  await withUsersLocked(async (tx) => {
    if ((await otherAdmins(tx, userId)) === 0 && (await tx.user.count({ where: { id: userId, role: "admin" } }))) {
      throw new UserError("The last admin cannot be removed.");
    }
    const removed = await tx.user.deleteMany({ where: { id: userId } });
    if (!removed.count) throw new UserError("No such user.");
  });
}

/**
 * At first start, with no user yet: the admin from CALLSCOPE_ADMIN_EMAIL and
 * CALLSCOPE_ADMIN_PASSWORD, or admin@callscope.local with a generated password.
 * Returns the credentials to print once, or null when users exist.
 */
export async function ensureFirstAdmin(configured: { email?: string; password?: string }) {
  // Several instances starting at once make one admin; the password hash takes a moment, hence the longer timeout.
  return withUsersLocked(async (tx) => {
    if ((await tx.user.count()) > 0) return null;
    const created = await createUser({ email: configured.email ?? "admin@callscope.local", password: configured.password, role: "admin", name: "Admin" });
    return { email: created.email, password: configured.password ? null : created.password };
  }, 30_000);
}
