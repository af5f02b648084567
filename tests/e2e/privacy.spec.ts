import { expect, test } from "@playwright/test";
import { expectAccessible, seedCall, uniqueId } from "./support";

test("a card number spoken in a call shows as redacted, and viewing the call is in the audit log", async ({ page }) => {
  const agent = uniqueId("agent_privacy_");
  // Card numbers are redacted by default: the transcript keeps a mark, the call the count.
  const { id } = await seedCall(agent, { word: "my card is 4111 1111 1111 1111" });
  await page.goto(`/calls/${id}`);
  await expect(page.getByTestId("redactions")).toContainText("Redacted before storage: 1 card number");
  await expect(page.getByText("my card is [card]")).toBeVisible();
  await expect(page.getByText("4111 1111")).toHaveCount(0);
  // A reload (or the page refreshing itself as the call changes) is the same view; another tab is a new one.
  await page.reload();
  await expect(page.getByText("my card is [card]")).toBeVisible();
  await page.goto(`/calls/${id}?tab=logs`);

  await page.goto(`/settings/audit?target=${id}`);
  const row = page.getByRole("row").filter({ hasText: "call.viewed" });
  await expect(row).toHaveCount(2);
  await expect(row.first()).toContainText("admin@callscope.test");
  await expect(row.filter({ hasText: '"tab":"logs"' })).toHaveCount(1);
  await expectAccessible(page);
});

test("an admin gives an agent its own retention in Settings, and the change is audited", async ({ page }) => {
  const agent = uniqueId("agent_retention_");
  await seedCall(agent);
  await page.goto("/settings/privacy");
  await expect(page.getByRole("heading", { name: "Redaction before storage" })).toBeVisible();
  await expect(page.getByLabel(/^card:/)).toBeChecked();
  await page.getByLabel("Add an agent").selectOption(agent);
  await page.locator('input[name="new_agent:retention_days"]').fill("400000");
  await page.getByRole("button", { name: "Save privacy settings" }).click();
  // The browser refuses a period past 100 years before it is sent.
  await expect(page).toHaveURL(/\/settings\/privacy$/);
  await page.locator('input[name="new_agent:retention_days"]').fill("30");
  await page.getByRole("button", { name: "Save privacy settings" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await expect(page.getByLabel("Content, in days").nth(1)).toHaveValue("30");
  await expect(page.getByTestId("retention-next")).toContainText("past their period now");
  await expectAccessible(page);

  await page.goto("/settings/audit");
  await page.getByLabel("Action").selectOption("privacy.changed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=privacy\.changed/);
  await expect(page.getByRole("row").filter({ hasText: agent }).first()).toBeVisible();

  // Emptied, the agent's own period goes.
  await page.goto("/settings/privacy");
  await page.locator(`input[name="agent:${agent}:retention_days"]`).fill("");
  await page.getByRole("button", { name: "Save privacy settings" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await expect(page.locator(`input[name="agent:${agent}:retention_days"]`)).toHaveCount(0);
});
