import { expect, test } from "@playwright/test";
import { startStack, TEST_ADMIN } from "../support/stack";
import { expectAccessible, fixture, sendWebhook, signIn, uniqueId } from "./support";

test("a fresh Callscope asks the first admin to sign in, then shows how to connect Cartesia", async ({ browser }) => {
  test.setTimeout(120_000);
  const stack = await startStack();
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  try {
    await page.goto(stack.baseUrl);
    await expect(page).toHaveURL(`${stack.baseUrl}/sign-in`);
    await signIn(page, TEST_ADMIN, stack.baseUrl);
    await expect(page.getByRole("heading", { name: "Welcome to Callscope" })).toBeVisible();
    await expect(page.getByLabel("Webhook URL")).toHaveText(`${stack.baseUrl.replace("127.0.0.1", "127.0.0.1")}/api/webhooks/cartesia`);
    await expect(page.getByLabel("curl test")).toContainText("x-webhook-secret");
    await expectAccessible(page);

    // The only admin can neither be removed nor lose the role.
    await page.goto(`${stack.baseUrl}/settings/users`);
    const me = page.getByRole("row").filter({ hasText: "(you)" });
    await me.getByRole("button", { name: /^Remove/ }).click();
    await expect(me.getByRole("alert")).toHaveText("The last admin cannot be removed.");
    await me.getByRole("button", { name: /^Make .* member$/ }).click();
    await expect(me.getByRole("alert")).toHaveText("The last admin cannot lose the admin role.");
  } finally {
    await context.close();
    await stack.stop();
  }
});

test("the overview counts a call that arrived by webhook", async ({ page }) => {
  const id = uniqueId("MZov");
  const delivery = fixture("webhooks/call_failed.seed.json");
  delivery.request_id = id;
  delivery.timestamp = new Date().toISOString();
  await sendWebhook(delivery);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.locator(`[data-call-id="${id}"]`).first()).toBeVisible();
  const failed = page.getByRole("table", { name: "Failed calls this week" });
  await expect(failed.locator(`[data-call-id="${id}"]`)).toBeVisible();
  await expectAccessible(page);
});
