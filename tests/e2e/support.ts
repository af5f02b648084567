import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
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
