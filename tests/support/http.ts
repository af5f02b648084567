import { readFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";

export const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");

export function fixture<T = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8"));
}

export function baseUrl() {
  return inject("baseUrl");
}

export async function postWebhook(body: unknown, options: { secret?: string | null; raw?: string; headers?: Record<string, string> } = {}) {
  const secret = options.secret === undefined ? inject("webhookSecret") : options.secret;
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (secret !== null) headers["x-webhook-secret"] = secret;
  const response = await fetch(`${baseUrl()}/api/webhooks/cartesia`, {
    method: "POST",
    headers,
    body: options.raw ?? JSON.stringify(body),
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
