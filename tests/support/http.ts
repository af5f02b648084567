import { inject } from "vitest";
import { synthesizeWav } from "../../lib/demo/synthesize-wav";

export { callObjectDelivery, FIXTURES, fixture } from "./fixtures";

export function baseUrl() {
  return inject("baseUrl");
}

/** A delivery to the webhook with the test secret (or the secret given), at the test server or the instance at `url`. */
export async function postWebhook(
  body: unknown,
  options: { secret?: string | null; raw?: string; headers?: Record<string, string>; timeoutMs?: number; url?: string } = {},
) {
  const secret = options.secret === undefined ? inject("webhookSecret") : options.secret;
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (secret !== null) headers["x-webhook-secret"] = secret;
  const response = await fetch(`${options.url ?? baseUrl()}/api/webhooks/cartesia`, {
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

/** A request to Callscope's API with the test admin key (or the key given), at the test server or the instance at `url`. */
export async function api(
  method: string,
  path: string,
  options: { body?: BodyInit; type?: string; key?: string | null; headers?: Record<string, string>; timeoutMs?: number; url?: string } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.type) headers["content-type"] = options.type;
  const key = options.key === undefined ? adminKey() : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${options.url ?? baseUrl()}${path}`, {
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

/** Creates or updates a deployment from its JSON fields, with the test admin key (or the key given). */
export function putDeployment(id: string, fields: Record<string, unknown>, key?: string | null) {
  return api("PUT", `/api/v1/deployments/${id}`, { body: JSON.stringify(fields), type: "application/json", key });
}

/** Uploads a call's recording with the test admin key: 1.5 s of WAV with one assistant turn, unless another is given. */
export function putRecording(
  id: string,
  body: BodyInit = new Uint8Array(synthesizeWav([{ role: "assistant", startS: 0.2, endS: 1 }], 1.5)),
  type = "audio/wav",
) {
  return api("PUT", `/api/v1/calls/${id}/recording`, { body, type });
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
