import { inject } from "vitest";

export { FIXTURES, fixture } from "./fixtures";

export function baseUrl() {
  return inject("baseUrl");
}

export async function postWebhook(body: unknown, options: { secret?: string | null; raw?: string; headers?: Record<string, string>; timeoutMs?: number } = {}) {
  const secret = options.secret === undefined ? inject("webhookSecret") : options.secret;
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (secret !== null) headers["x-webhook-secret"] = secret;
  const response = await fetch(`${baseUrl()}/api/webhooks/cartesia`, {
    method: "POST",
    headers,
    body: options.raw ?? JSON.stringify(body),
    signal: options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined,
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, json, headers: response.headers };
}

/** A fresh call id, so that tests sharing one database never collide. */
export function newCallId(prefix = "MZtest") {
  return `${prefix}${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
}

export function adminKey() {
  return inject("adminKey");
}

/** A request to Callscope's API with the test admin key (or the key given). */
export async function api(
  method: string,
  path: string,
  options: { body?: BodyInit; type?: string; key?: string | null; headers?: Record<string, string>; timeoutMs?: number } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.type) headers["content-type"] = options.type;
  const key = options.key === undefined ? adminKey() : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers,
    body: options.body,
    signal: options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined,
  });
  const buffer = Buffer.from(await response.arrayBuffer());
  let json: any = null;
  try {
    json = JSON.parse(buffer.toString("utf8"));
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, json, buffer };
}

/**
 * Signs in through Better Auth's endpoint, from a client address of its own
 * (sent as X-Forwarded-For, which the test server trusts; null sends none).
 */
export async function signInCookie(user: { email: string; password: string }, address: string | null, url = baseUrl()) {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url, ...(address ? { "x-forwarded-for": address } : {}) },
    body: JSON.stringify(user),
  });
  return {
    status: response.status,
    headers: response.headers,
    cookie: response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
}
