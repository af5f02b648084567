import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { synthesizeWav } from "../../lib/demo/synthesize-wav";
import { TEST_ADMIN_API_KEY, TEST_WEBHOOK_SECRET } from "../support/stack";

/** Sessions saved by global-setup.ts, for test.use({ storageState }). */
export const SIGNED_IN = { admin: "test-reports/.auth/admin.json", member: "test-reports/.auth/member.json" };
export const SIGNED_OUT = { cookies: [], origins: [] };

/** Signs in through the sign-in page, as a user would. */
export async function signIn(page: Page, user: { email: string; password: string }, url = baseUrl()) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}

import { fixture } from "../support/fixtures";

export { FIXTURES, fixture } from "../support/fixtures";

export function baseUrl() {
  return process.env.CALLSCOPE_TEST_URL!;
}

export async function sendWebhook(delivery: unknown, url = baseUrl()) {
  const response = await fetch(`${url}/api/webhooks/cartesia`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-webhook-secret": TEST_WEBHOOK_SECRET },
    body: JSON.stringify(delivery),
  });
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
  return response.json();
}

export async function apiRequest(method: string, pathname: string, body?: BodyInit, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl()}${pathname}`, { method, body, headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, ...headers } });
}

export function uniqueId(prefix: string) {
  return `${prefix}${Math.random().toString(36).slice(2, 10)}`;
}

/** No serious or critical WCAG 2 A/AA violation on the page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** One call through the real ingest path: webhooks, telemetry and a recording. */
export async function seedCall(agent: string, options: { deploymentId?: string; word?: string } = {}) {
  const id = uniqueId("MZe2e");
  // Newer than anything the other suites sent, so that it lands on the first page of the list.
  const start = new Date(Date.now() - 5_000);
  const base = { request_id: id, agent_id: agent, webhook_id: "agent_webhook_e2e" };
  const completed = fixture("webhooks/call_completed.seed.json");
  const body = completed.body.map((t: { text: string }, i: number) => (i === 1 && options.word ? { ...t, text: `${t.text} ${options.word}` } : t));
  await sendWebhook({ type: "call_started", ...base, body: [], timestamp: start.toISOString() });
  await apiRequest(
    "POST",
    `/api/v1/calls/${id}/events`,
    [
      JSON.stringify({
        type: "log_event",
        event: "booking_found",
        metadata: { level: "info", message: "Found Tuesday 9 AM", metadata: { slot: "Tue 09:00" } },
        timestamp: 11.5,
      }),
      JSON.stringify({ type: "log_metric", name: "lookup_ms", value: 412, timestamp: 12 }),
    ].join("\n"),
    { "content-type": "application/x-ndjson" },
  );
  const wav = synthesizeWav(
    body.map((t: { role: string; start_timestamp: number; end_timestamp: number }) => ({ role: t.role, startS: t.start_timestamp, endS: t.end_timestamp })),
    24,
  );
  const put = await apiRequest("PUT", `/api/v1/calls/${id}/recording`, new Uint8Array(wav), { "content-type": "audio/wav" });
  expect(put.status).toBe(201);
  if (options.deploymentId) {
    const typed = fixture("webhooks/call_completed.call-object.json");
    await sendWebhook({
      ...typed,
      ...base,
      timestamp: new Date(start.getTime() + 30_000).toISOString(),
      call: { ...typed.call, id, agent_id: agent, deployment_id: options.deploymentId, start_time: start.toISOString(), transcript: body },
    });
  } else {
    await sendWebhook({ ...completed, ...base, body, timestamp: new Date(start.getTime() + 30_000).toISOString() });
  }
  return { id, wav };
}
