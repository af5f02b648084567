import { expect, test } from "@playwright/test";
import { startStack } from "../support/stack";
import { expectAccessible, fixture, sendWebhook, uniqueId } from "./support";

test("a fresh Callscope shows how to connect Cartesia", async ({ page }) => {
  test.setTimeout(120_000);
  const stack = await startStack();
  try {
    await page.goto(stack.baseUrl);
    await expect(page.getByRole("heading", { name: "Welcome to Callscope" })).toBeVisible();
    await expect(page.getByLabel("Webhook URL")).toHaveText(`${stack.baseUrl.replace("127.0.0.1", "127.0.0.1")}/api/webhooks/cartesia`);
    await expect(page.getByLabel("curl test")).toContainText("x-webhook-secret");
    await expectAccessible(page);
  } finally {
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
