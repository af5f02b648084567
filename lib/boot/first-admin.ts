// At the first start there is no user: make the first admin and say how to sign in.
import "server-only";
import { env } from "@/lib/env";
import { ensureFirstAdmin } from "@/lib/auth/users";

export async function createFirstAdminIfNone() {
  const settings = env();
  const created = await ensureFirstAdmin({ email: settings.CALLSCOPE_ADMIN_EMAIL, password: settings.CALLSCOPE_ADMIN_PASSWORD });
  if (!created) return;
  const url = `${(settings.CALLSCOPE_PUBLIC_URL ?? `http://localhost:${settings.PORT}`).replace(/\/$/, "")}/sign-in`;
  const password = created.password ?? "(the one in CALLSCOPE_ADMIN_PASSWORD)";
  console.log(`
  Callscope made the first admin. The password is shown this once: keep it now.

    Sign in at   ${url}
    Email        ${created.email}
    Password     ${password}

  Add more users in Settings → Users, or with: callscope users create --email <email> [--admin]
`);
}
