import { expect, type Page, test } from "@playwright/test";
import { apiRequest, expectAccessible, fixture, sendWebhook, uniqueId } from "./support";

/** A tool of this run's own: the same failure sent by another test (or an earlier run) is the same cause. */
const TOOL = uniqueId("check_slots_");

/**
 * A finished call whose tool timed out, with a different number of ms and query string each time. It started
 * `startedAgoMs` ago: a failure counts as seen again after a resolution only when it happened after it.
 */
async function timedOutCall(agent: string, deploymentId: string, ms: number, { tool = TOOL, startedAgoMs = 60_000 } = {}) {
  const id = uniqueId("MZprob");
  const d = fixture("webhooks/call_completed.call-object.json");
  const start = new Date(Date.now() - startedAgoMs);
  await sendWebhook({
    ...d,
    request_id: id,
    agent_id: agent,
    timestamp: new Date().toISOString(),
    call: {
      ...d.call,
      id,
      agent_id: agent,
      deployment_id: deploymentId,
      start_time: start.toISOString(),
      end_time: new Date(start.getTime() + 20_000).toISOString(),
    },
  });
  const frames = [
    { type: "tool_call", name: tool, arguments: { day: "friday" }, result: null, id: `tc_${id}`, timestamp: 5 },
    {
      type: "tool_call",
      name: tool,
      arguments: { day: "friday" },
      result: JSON.stringify({ error: `Timeout after ${ms} ms calling https://booking.example/slots?id=${ms % 97}` }),
      id: `tc_${id}`,
      timestamp: 5 + ms / 1000,
    },
  ];
  const res = await apiRequest("POST", `/api/v1/calls/${id}/events`, frames.map((f) => JSON.stringify(f)).join("\n"), {
    "content-type": "application/x-ndjson",
  });
  expect(res.status).toBe(200);
  return id;
}

async function noSidewaysScroll(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

/**
 * The page in the light and the dark scheme, wide and narrow: no sideways scroll, and a screenshot of each
 * (test-results/`name`-`width`-`scheme`.png); left light and wide.
 */
async function inBothSchemes(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.reload();
    await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /dark/ : /^(?!.*dark)/);
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ]) {
      await page.setViewportSize({ width, height });
      await noSidewaysScroll(page);
      await page.screenshot({ path: `test-results/${name}-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("failing calls become one cause on the Problems page, which an admin resolves and which regresses", async ({ page }) => {
  test.setTimeout(120_000);
  const agent = uniqueId("agent_prob_");
  const deploymentId = uniqueId("dep_prob_");
  const put = await apiRequest("PUT", `/api/v1/deployments/${deploymentId}`, JSON.stringify({ agent_id: agent, status: "deployed" }), {
    "content-type": "application/json",
  });
  expect(put.status).toBeLessThan(300);
  const calls = [await timedOutCall(agent, deploymentId, 3012), await timedOutCall(agent, deploymentId, 2998), await timedOutCall(agent, deploymentId, 3105)];

  // The worker groups them in the background: one cause, three calls.
  await expect
    .poll(async () => (await (await apiRequest("GET", `/api/v1/causes?agent_id=${agent}`)).json()).data.map((c: { calls: number }) => c.calls), {
      timeout: 30_000,
    })
    .toEqual([3]);

  await page.goto(`/problems?agent_id=${agent}`);
  const rows = page.locator("tr[data-cause]");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`${TOOL}: Timeout after <duration> calling https://booking.example/slots`);
  await expect(rows.first()).toContainText(`new in ${deploymentId}`);
  await expectAccessible(page);
  await inBothSchemes(page, "problems");

  // The cause's page: figures, breakdown, examples that open the call at the tool call, and its history.
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/problems\/cause_[0-9a-f]{16}$/);
  const causeId = page.url().split("/").at(-1)!;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${TOOL}: Timeout after <duration> calling https://booking.example/slots`);
  await expect(page.getByRole("region", { name: "Deployments" })).toContainText("100 %");
  await expect(page.getByRole("link", { name: "All 3 calls with this cause" })).toHaveAttribute("href", `/calls?cause=${causeId}`);
  await expect(page.getByRole("listitem").filter({ hasText: /Timeout after 3012 ms/ })).toHaveCount(1);
  await expectAccessible(page);
  await inBothSchemes(page, "cause");

  // Resolve it; the audit log has who did it.
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.locator("header")).toContainText("Resolved");
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();
  await page.goto(`/settings/audit?target=${causeId}`);
  await expect(page.getByRole("row").filter({ hasText: "cause.state_changed" })).toContainText("admin@callscope.test");

  // Seen again: regressed, and back on the Problems page.
  await timedOutCall(agent, deploymentId, 3333, { startedAgoMs: 0 });
  await expect.poll(async () => (await (await apiRequest("GET", `/api/v1/causes/${causeId}`)).json()).state, { timeout: 30_000 }).toBe("regressed");
  await page.goto(`/problems?agent_id=${agent}`);
  await expect(rows.first()).toContainText("Regressed");

  // The calls list filtered by the cause, a call that names it, and the deployment that brought it in.
  await page.goto(`/calls?cause=${causeId}`);
  for (const id of calls) await expect(page.getByRole("row").filter({ hasText: id })).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(4);
  await page.goto(`/calls/${calls[0]}`);
  await expect(page.getByTestId("call-causes").getByRole("link")).toHaveAttribute("href", `/problems/${causeId}`);
  await page.screenshot({ path: "test-results/call-causes-1440-light.png" });
  await page.goto(`/deployments/${deploymentId}`);
  await expect(page.getByTestId("deployment-causes")).toContainText(`${TOOL}: Timeout after`);
  await page.setViewportSize({ width: 390, height: 844 });
  await noSidewaysScroll(page);
  await page.screenshot({ path: "test-results/deployment-causes-390-light.png", fullPage: true });
});

test("a member sees a cause's state but cannot change it", async ({ browser }) => {
  const agent = uniqueId("agent_prob_m_");
  const deploymentId = uniqueId("dep_prob_m_");
  await apiRequest("PUT", `/api/v1/deployments/${deploymentId}`, JSON.stringify({ agent_id: agent, status: "deployed" }), {
    "content-type": "application/json",
  });
  // A tool of its own: the same failure of another agent would join the cause the other test resolved.
  await timedOutCall(agent, deploymentId, 3001, { tool: uniqueId("book_room_") });
  await expect.poll(async () => (await (await apiRequest("GET", `/api/v1/causes?agent_id=${agent}`)).json()).data.length, { timeout: 30_000 }).toBe(1);
  const id = (await (await apiRequest("GET", `/api/v1/causes?agent_id=${agent}`)).json()).data[0].id;
  const context = await browser.newContext({ storageState: "test-reports/.auth/member.json" });
  const page = await context.newPage();
  await page.goto(`/problems/${id}`);
  await expect(page.locator("header")).toContainText("New");
  await expect(page.getByRole("button", { name: "Resolve" })).toHaveCount(0);
  await context.close();
});
