// The signed-in user for pages and server actions. Every console page and
// action calls one of these: the proxy's cookie check only keeps signed-out
// visitors away from the pages, it does not validate the session.
import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth";

export type SessionUser = { id: string; email: string; name: string; role: string };

/** The session of this request, read once per render. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const requestHeaders = await headers();
  const session = await (await auth()).api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const { id, email, name, role } = session.user;
  return { id, email, name, role: role ?? "member" };
});

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get("x-callscope-path") ?? "/";
    redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  }
  return user;
}

/** Admins only: settings, secrets, API keys and users. Others get the 403 page. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== "admin") forbidden();
  return user;
}
