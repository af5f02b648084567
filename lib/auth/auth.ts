// Console sign-in with Better Auth: email and password, sessions in Postgres
// through the one Prisma client, no open sign-up, two roles (admin manages
// settings, secrets, keys and users; member browses, listens and exports).
import "server-only";
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements } from "better-auth/plugins/admin/access";
import { db, pool } from "@/lib/db/client";
import type { Db } from "@/lib/db/types";
import { env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address.mjs";
import { processSlot } from "@/lib/process-singleton";
import { signInStorage } from "./shared-limits";

export const USER_ROLES = ["admin", "member"] as const;
export type UserRole = (typeof USER_ROLES)[number];

const accessControl = createAccessControl(defaultStatements);
const roles = { admin: accessControl.newRole(adminAc.statements), member: accessControl.newRole({}) };

const AUTH_SECRET_KEY = "auth_secret";

/** The cookie-signing secret: from the environment, or made once and kept in the settings table. */
export async function loadAuthSecret(database: Db = db()): Promise<string> {
  const configured = env().CALLSCOPE_AUTH_SECRET;
  if (configured) return configured;
  await database.setting.createMany({
    data: [{ key: AUTH_SECRET_KEY, value: randomBytes(32).toString("base64url") }],
    skipDuplicates: true,
  });
  const row = await database.setting.findUniqueOrThrow({ where: { key: AUTH_SECRET_KEY } });
  return row.value as string;
}

/** The origin the browser asked for; forwarded headers count only behind trusted proxies, which set them. */
function requestOrigin(request: Request | undefined): string {
  const behindProxies = env().CALLSCOPE_TRUSTED_PROXIES > 0;
  const host = (behindProxies ? request?.headers.get("x-forwarded-host") : null) ?? request?.headers.get("host");
  if (!request || !host) return "";
  const proto = (behindProxies ? request.headers.get("x-forwarded-proto") : null) ?? new URL(request.url).protocol.replace(":", "");
  return `${proto}://${host}`;
}

function createAuth(secret: string) {
  const settings = env();
  return betterAuth({
    appName: "Callscope",
    secret,
    baseURL: settings.CALLSCOPE_PUBLIC_URL ?? `http://localhost:${settings.PORT}`,
    // Same-origin only: the site the browser asked for (its Host header, which
    // another site cannot set) and the public URL.
    trustedOrigins: (request) => [requestOrigin(request), settings.CALLSCOPE_PUBLIC_URL ?? ""].filter(Boolean),
    database: prismaAdapter(db(), { provider: "postgresql" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, maxPasswordLength: 128 },
    // No cookie cache: a removed user or a changed role takes effect at the next request.
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      // Counted in Postgres, so that a limit reached through one instance holds on the others.
      customStorage: signInStorage(pool),
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: settings.SIGN_IN_RATE_WINDOW_S, max: settings.SIGN_IN_RATE_LIMIT },
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      useSecureCookies: settings.CALLSCOPE_PUBLIC_URL?.startsWith("https://") ?? false,
      database: { generateId: () => crypto.randomUUID() },
    },
    telemetry: { enabled: false },
    plugins: [admin({ ac: accessControl, roles, defaultRole: "member", adminRoles: ["admin"] }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const instance = processSlot<Promise<Auth>>("auth");

/** The one Better Auth instance of this process. */
export function auth(): Promise<Auth> {
  const existing = instance.get();
  if (existing) return existing;
  const created = loadAuthSecret().then(createAuth);
  // A failed start (the database away) is tried again at the next request.
  created.catch(() => instance.set(undefined));
  return instance.set(created)!;
}
