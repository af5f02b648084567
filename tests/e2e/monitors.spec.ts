import { expect, test } from "@playwright/test";
import { apiRequest, expectAccessible, seedCall, SIGNED_IN, uniqueId } from "./support";

test("a monitor made in the form opens on its page, and a bad channel is refused with the reason", async ({ page }) => {
  const agent = uniqueId("agent_form_");
  await seedCall(agent);
  await page.goto("/monitors");
  const form = page.getByRole("form", { name: "New monitor" });
  await form.getByLabel("Name").fill("Failing calls");
  await form.getByLabel("Figure", { exact: true }).selectOption("failure_rate");
  await expect(form.getByLabel("Threshold (percent of the values)")).toBeVisible();
  await form.getByLabel("Threshold (percent of the values)").fill("12.5");
  await form.getByLabel("Agent").selectOption(agent);
  // A webhook without a secret cannot sign anything: refused, and nothing is made.
  await form.getByLabel("Webhook URL", { exact: true }).fill("https://example.com/hook");
  await form.getByRole("button", { name: "Create monitor" }).click();
  await expect(form.getByRole("alert")).toContainText("channels.0.secret is required for a new webhook channel");
  await expect(page).toHaveURL(/\/monitors$/);

  await form.getByLabel("Webhook secret").fill("form-secret-123");
  await form.getByRole("button", { name: "Create monitor" }).click();
  await page.waitForURL(/\/monitors\/mon_/);
  await expect(page.getByRole("heading", { name: "Failing calls", level: 1 })).toBeVisible();
  await expect(page.getByText("Failure rate above 12.5%, over 15 min")).toBeVisible();
  const id = page.url().split("/").pop()!;
  const stored = await (await apiRequest("GET", `/api/v1/monitors/${id}`)).json();
  expect(stored).toMatchObject({ metric: "failure_rate", agent_id: agent, threshold: 0.125, window_minutes: 15, min_values: 10 });
  expect(stored.channels).toEqual([{ id: expect.any(String), type: "webhook", url: "https://example.com/hook", has_secret: true }]);

  // Edited: the threshold as typed, the secret kept though the field is empty.
  const edit = page.getByRole("form", { name: "Edit monitor" });
  await expect(edit.getByLabel("Threshold (percent of the values)")).toHaveValue("12.5");
  await edit.getByLabel("Threshold (percent of the values)").fill("20");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByRole("status")).toContainText("Saved");
  const edited = await (await apiRequest("GET", `/api/v1/monitors/${id}`)).json();
  expect(edited.threshold).toBe(0.2);
  expect(edited.channels[0]).toMatchObject({ id: stored.channels[0].id, has_secret: true });
  await expectAccessible(page);
});

test("a firing monitor shows in the navigation, with its chart, history and the calls behind it", async ({ page }) => {
  const agent = uniqueId("agent_quiet_");
  const made = await apiRequest(
    "POST",
    "/api/v1/monitors",
    JSON.stringify({ name: "Quiet agent", metric: "no_calls", agent_id: agent, window_minutes: 5, threshold: 0 }),
    { "content-type": "application/json" },
  );
  expect(made.status).toBe(201);
  const { id } = await made.json();
  // No call of that agent at all: it fires at its next evaluation (every 2 s in the tests).
  await expect.poll(async () => (await (await apiRequest("GET", `/api/v1/monitors/${id}`)).json()).state, { timeout: 15_000 }).toBe("firing");
  await page.goto(`/monitors/${id}`);
  const badge = page.getByTestId("firing-badge");
  await expect(badge).toBeVisible();
  expect(Number((await badge.textContent())!.replace(/\D/g, ""))).toBeGreaterThanOrEqual(1);
  await expect(page.getByText("Firing").first()).toBeVisible();
  await expect(page.getByTestId("monitor-value")).toHaveText("0 calls");
  await expect(page.getByTestId("monitor-chart")).toBeVisible();
  await expect(page.getByRole("region", { name: "History" })).toContainText("No data");
  const calls = page.getByRole("link", { name: "Open the calls" });
  expect(new URL((await calls.getAttribute("href"))!, "http://x").searchParams.get("agent")).toBe(agent);

  await page.goto("/monitors");
  await expect(page.getByRole("row", { name: /Quiet agent/ })).toContainText("Firing");
  await expectAccessible(page);
  // Paused, it leaves the badge's count.
  const before = Number((await page.getByTestId("firing-badge").textContent())!.replace(/\D/g, ""));
  await apiRequest("PATCH", `/api/v1/monitors/${id}`, JSON.stringify({ paused: true }), { "content-type": "application/json" });
  await page.reload();
  const after = (await page.getByTestId("firing-badge").count()) ? Number((await page.getByTestId("firing-badge").textContent())!.replace(/\D/g, "")) : 0;
  expect(after).toBe(before - 1);
  await expect(page.getByRole("row", { name: /Quiet agent/ })).toContainText("Paused");
});

test("a test send from the console is audited, and a member sees the channels masked and no delivery's reason", async ({ page, browser }) => {
  // Credentials in the URL, as Discord, Teams and Google Chat webhook URLs (and basic auth) carry them.
  const hook = "http://ops:hunter2pass@localhost:9/api/webhooks/1234/TOKENSECRETxyz?wait=true";
  const made = await apiRequest(
    "POST",
    "/api/v1/monitors",
    JSON.stringify({
      name: uniqueId("Masked "),
      metric: "failure_rate",
      window_minutes: 60,
      threshold: 0.5,
      paused: true,
      channels: [
        { type: "webhook", url: hook, secret: "masked-secret-1" },
        { type: "email", to: "jane.doe@example.com" },
      ],
    }),
    { "content-type": "application/json" },
  );
  expect(made.status).toBe(201);
  const { id } = await made.json();

  // The admin sends a test from the page: refused (the test server allows no private address), and audited.
  await page.goto(`/monitors/${id}`);
  await expect(page.getByTestId("channel-address").first()).toHaveText(hook);
  await page.getByRole("button", { name: "Send test" }).first().click();
  await expect(page.getByRole("alert").filter({ hasText: "Not sent: Refused: localhost resolves to" })).toBeVisible();
  const audit = await (await apiRequest("GET", `/api/v1/audit?action=monitor.tested&target=${id}`)).json();
  expect(audit.data).toEqual([
    expect.objectContaining({
      actor: expect.objectContaining({ kind: "user", name: "admin@callscope.test" }),
      details: expect.objectContaining({ outcome: "failed" }),
    }),
  ]);
  await page.reload();
  await expect(page.getByRole("region", { name: "Delivery log" })).toContainText("resolves to");

  const member = await browser.newContext({ storageState: SIGNED_IN.member });
  const memberPage = await member.newPage();
  await memberPage.goto(`/monitors/${id}`);
  const addresses = memberPage.getByTestId("channel-address");
  await expect(addresses).toHaveText(["http://localhost:9/…true", "j…@example.com"]);
  await expect(memberPage.getByRole("region", { name: "Delivery log" })).toContainText("failed");
  const html = await memberPage.content();
  for (const secret of ["hunter2pass", "TOKENSECRETxyz", "1234/", "jane.doe", "resolves to", "OUTBOUND_ALLOWLIST"]) expect(html, secret).not.toContain(secret);
  await expect(memberPage.getByRole("button", { name: "Send test" })).toHaveCount(0);
  await member.close();
});

test("replaying a webhook delivery in Settings is audited", async ({ page }) => {
  const { id: callId } = await seedCall(uniqueId("agent_replay_"));
  await page.goto(`/settings/webhooks?call=${callId}`);
  const deliveries = page.getByTestId("deliveries").getByRole("listitem");
  await expect(deliveries.first()).toBeVisible();
  await deliveries.first().getByRole("button", { name: "Replay" }).click();
  await expect(deliveries.first().getByRole("status")).toContainText("Replayed");
  const audit = await (await apiRequest("GET", "/api/v1/audit?action=webhook.replayed&actor=admin@callscope.test")).json();
  expect(audit.data[0]).toMatchObject({ target_type: "webhook_delivery", details: { applied: true }, actor: { kind: "user", name: "admin@callscope.test" } });
  expect(Date.now() - new Date(audit.data[0].at).getTime()).toBeLessThan(60_000);
});
