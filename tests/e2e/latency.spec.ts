import { expect, test } from "@playwright/test";
import { apiRequest, expectAccessible, fixture, sendWebhook, uniqueId } from "./support";

async function call(agent: string, deploymentId: string, ttfbs: number[], hoursAgo: number) {
  const id = uniqueId("MZlat");
  const start = new Date(Date.now() - hoursAgo * 3600_000);
  const d = fixture("webhooks/call_completed.call-object.json");
  const transcript = ttfbs.map((ttfb, k) => ({ role: "assistant", text: `answer ${k}`, start_timestamp: k * 3, end_timestamp: k * 3 + 2, tts_ttfb: ttfb }));
  await sendWebhook({
    ...d,
    request_id: id,
    agent_id: agent,
    timestamp: start.toISOString(),
    call: { ...d.call, id, agent_id: agent, deployment_id: deploymentId, start_time: start.toISOString(), end_time: null, transcript },
  });
}

test("the latency page charts webhook data, compares deployments, and its filters change it", async ({ page }) => {
  const agent = uniqueId("agent_lat_");
  const [v1, v2] = [uniqueId("dep_lat_a_"), uniqueId("dep_lat_b_")];
  for (const [id, daysAgo] of [
    [v1, 5],
    [v2, 2],
  ] as const) {
    await apiRequest(
      "PUT",
      `/api/v1/deployments/${id}`,
      JSON.stringify({ agent_id: agent, status: "deployed", created_at: new Date(Date.now() - daysAgo * 86400_000).toISOString() }),
      { "content-type": "application/json" },
    );
  }
  const fast = Array.from({ length: 30 }, (_, i) => 0.2 + (i % 10) / 100);
  const slow = fast.map((v) => v + 0.3);
  await call(agent, v1, fast, 4 * 24);
  await call(agent, v1, fast, 3 * 24);
  await call(agent, v2, slow, 30);
  await call(agent, v2, slow, 5);

  await page.goto(`/latency?agent=${agent}&range=7d`);
  await expect(page.getByTestId("latency-time-chart")).toBeVisible();
  await expect(page.getByTestId("latency-time-chart").locator(".recharts-line").first()).toBeVisible();
  await expect(page.getByTestId("latency-histogram")).toHaveAttribute("data-total", "120");
  const row = page.locator(`[data-deployment="${v2}"]`);
  await expect(row.getByTestId("p50-shift")).toContainText("+300 ms");
  await expect(row.getByTestId("p50-shift")).toContainText("slower");
  await expectAccessible(page);

  await page.locator('select[name="range"]').selectOption("24h");
  await expect(page).toHaveURL(/range=24h/);
  await expect(page.getByTestId("latency-histogram")).toHaveAttribute("data-total", "30");
  await expect(page.locator(`[data-deployment="${v1}"]`)).toHaveCount(0);
});
