// /api/auth/* - Better Auth's sign-in, sign-out and session endpoints, with
// the app's own rules around them:
// - the admin plugin's HTTP endpoints (set-role, remove-user, ban-user,
//   set-user-password, impersonate-user, …) are closed: users are managed
//   through Callscope's own routes, which keep at least one admin;
// - session tokens never reach scripts: they live in the HttpOnly cookie only;
// - the database away is 503 with Retry-After, as everywhere else.
import "server-only";
import { pool } from "@/lib/db/client";
import { isDatabaseUnavailable, jsonError, unavailable } from "@/lib/http/errors";
import { auth } from "./auth";

const CLOSED = /^\/api\/auth\/admin(\/|$)/;

/** Removes every `token` field, at any depth, from an answer's JSON. */
export function withoutTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTokens);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "token")
        .map(([key, v]) => [key, withoutTokens(v)]),
    );
  }
  return value;
}

async function databaseReachable(): Promise<boolean> {
  try {
    await pool().query("select 1");
    return true;
  } catch (error) {
    return !isDatabaseUnavailable(error);
  }
}

export async function handleAuth(request: Request): Promise<Response> {
  if (CLOSED.test(new URL(request.url).pathname)) {
    return jsonError(404, "not_found", "Users are managed in Settings → Users, with `callscope users` or /api/v1/users.");
  }
  let response: Response;
  try {
    response = await (await auth()).handler(request);
  } catch (error) {
    if (isDatabaseUnavailable(error) || !(await databaseReachable())) return unavailable();
    throw error;
  }
  // Better Auth answers a failed database call with its own 500.
  if (response.status >= 500 && !(await databaseReachable())) return unavailable();
  const headers = new Headers(response.headers);
  let body: BodyInit | null = response.body;
  if (headers.get("content-type")?.includes("application/json")) {
    const text = await response.text();
    try {
      body = JSON.stringify(withoutTokens(JSON.parse(text)));
    } catch {
      body = text;
    }
    headers.delete("content-length");
  }
  // Better Auth names the wait X-Retry-After; HTTP clients look for Retry-After.
  const wait = headers.get("x-retry-after");
  if (response.status === 429 && wait && !headers.has("retry-after")) headers.set("retry-after", wait);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
