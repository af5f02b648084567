// Watching calls live across two instances: the page is open on the test
// stack (instance A), and every webhook and upload goes to a second instance
// on the same database (B), as a load balancer would spread them. Each step
// must appear on the page within 2 s, without a reload.
import { expect, test } from "@playwright/test";
import { synthesizeWav } from "../../lib/demo/synthesize-wav";
import { type Stack, startStack, TEST_ADMIN_API_KEY } from "../support/stack";
import { baseUrl, sendWebhook, uniqueId } from "./support";

const STEP_MS = 2_000;
let b: Stack;

test.beforeAll(async () => {
  const shared = { databaseUrl: process.env.CALLSCOPE_TEST_DATABASE_URL!, stopDatabase: async () => {} } as Stack;
  // Several instances share their recordings (a folder here, a bucket in production): either may measure the call.
  b = await startStack({ sharing: shared, env: { CONVERSATION_BACKFILL: "false", CALLSCOPE_DATA_DIR: process.env.CALLSCOPE_TEST_DATA_DIR! } });
});
test.afterAll(async () => {
  await b?.stop();
});

const agent = `agent_live_e2e_${Date.now().toString(36)}`;
const turn = (id: string, role: "user" | "assistant", text: string, at: number, extra: Record<string, unknown> = {}) => ({
  type: "call_turn",
  request_id: id,
  agent_id: agent,
  webhook_id: "agent_webhook_e2e",
  timestamp: new Date().toISOString(),
  turn: { role, text, start_timestamp: at, end_timestamp: at + 2, ...extra },
});
const TURNS = [
  { role: "assistant", text: "Marco's Pizzeria, this is Gia. What can I get you?", start_timestamp: 0.8, end_timestamp: 2.8, tts_ttfb: 0.212 },
  { role: "user", text: "A large margherita for delivery, please.", start_timestamp: 3.4, end_timestamp: 5.4 },
  { role: "assistant", text: "Lovely. What's the delivery address?", start_timestamp: 6.1, end_timestamp: 8.1, tts_ttfb: 0.655 },
] as const;

test("a call in progress plays out on its page, from call_started to call_completed, written through another instance", async ({ page }) => {
  test.setTimeout(90_000);
  const id = uniqueId("MZlive");
  const start = new Date(Date.now() - 3_000);
  await sendWebhook(
    { type: "call_started", request_id: id, agent_id: agent, webhook_id: "agent_webhook_e2e", body: [], timestamp: start.toISOString() },
    b.baseUrl,
  );
  await page.goto(`/calls/${id}`);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live", { timeout: 10_000 });
  await expect(page.getByTestId("live-indicator")).toHaveText("Live");

  // The elapsed time ticks on its own.
  const elapsed = page.getByTestId("elapsed-time");
  const first = await elapsed.textContent();
  await expect(elapsed).not.toHaveText(first!, { timeout: 3_000 });

  // Turn by turn, each within 2 s; assistant turns with their latency badge.
  await sendWebhook(turn(id, "assistant", TURNS[0].text, TURNS[0].start_timestamp, { tts_ttfb: TURNS[0].tts_ttfb }), b.baseUrl);
  await expect(page.getByText(TURNS[0].text)).toBeVisible({ timeout: STEP_MS });
  await expect(page.getByText("ttfb 212 ms")).toBeVisible({ timeout: STEP_MS });
  await sendWebhook(turn(id, "user", TURNS[1].text, TURNS[1].start_timestamp), b.baseUrl);
  await expect(page.getByText(TURNS[1].text)).toBeVisible({ timeout: STEP_MS });
  await sendWebhook(
    turn(id, "assistant", TURNS[2].text, TURNS[2].start_timestamp, {
      tts_ttfb: TURNS[2].tts_ttfb,
      tool_calls: [{ name: "lookup_customer", arguments: { phone: "+15555550177" }, result: '{"found": true}' }],
    }),
    b.baseUrl,
  );
  await expect(page.getByText(TURNS[2].text)).toBeVisible({ timeout: STEP_MS });
  await expect(page.getByText("ttfb 655 ms")).toBeVisible({ timeout: STEP_MS });
  await expect(page.getByText("lookup_customer")).toBeVisible({ timeout: STEP_MS });

  // An event the agent logs, in its place on the timeline.
  const event = await fetch(`${b.baseUrl}/api/v1/calls/${id}/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "log_event", event: "address_requested", metadata: { level: "info" }, timestamp: 8.5 }),
  });
  expect(event.status).toBe(200);
  await expect(page.getByText("address_requested")).toBeVisible({ timeout: STEP_MS });

  // The call ends: the page becomes the finished view without a reload.
  await sendWebhook(
    { type: "call_completed", request_id: id, agent_id: agent, webhook_id: "agent_webhook_e2e", body: TURNS, timestamp: new Date().toISOString() },
    b.baseUrl,
  );
  const header = page.locator("section").filter({ has: page.locator("h1", { hasText: id }) });
  await expect(header.getByText("completed", { exact: true })).toBeVisible({ timeout: STEP_MS });
  await expect(page.getByTestId("elapsed-time")).toHaveCount(0, { timeout: STEP_MS });
  await expect(page.getByTestId("live-indicator")).toHaveCount(0);
  // Its recording arrives, and then what the caller heard is measured.
  const wav = synthesizeWav(
    TURNS.map((t) => ({ role: t.role, startS: t.start_timestamp, endS: t.end_timestamp })),
    10,
  );
  const put = await fetch(`${b.baseUrl}/api/v1/calls/${id}/recording`, {
    method: "PUT",
    headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": "audio/wav" },
    body: new Uint8Array(wav),
  });
  expect(put.status).toBe(201);
  await expect(page.getByTestId("call-audio")).toHaveCount(1, { timeout: STEP_MS });
  await expect(page.getByTestId("conversation-summary")).toBeVisible({ timeout: 10_000 });
  expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1);
});

test("the calls list shows new calls at the top and their status in place, keeping scroll and open filters", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto("/calls");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live", { timeout: 10_000 });
  const liveNow = Number(await page.getByTestId("live-now-count").textContent());
  await page.getByText("More filters").click();
  await page.evaluate(() => window.scrollTo(0, 120));
  const scrolled = await page.evaluate(() => window.scrollY);

  const id = uniqueId("MZlivelist");
  await sendWebhook(
    { type: "call_started", request_id: id, agent_id: agent, webhook_id: "agent_webhook_e2e", body: [], timestamp: new Date().toISOString() },
    b.baseUrl,
  );
  const firstRow = page.locator("tbody tr").first();
  await expect(firstRow).toContainText(id, { timeout: STEP_MS });
  await expect(firstRow).toContainText("active");
  await expect(page.getByTestId("live-now-count")).toHaveText(String(liveNow + 1), { timeout: STEP_MS });

  await sendWebhook(
    { type: "call_completed", request_id: id, agent_id: agent, webhook_id: "agent_webhook_e2e", body: TURNS, timestamp: new Date().toISOString() },
    b.baseUrl,
  );
  await expect(page.locator("tbody tr", { hasText: id })).toContainText("completed", { timeout: STEP_MS });
  await expect(page.getByTestId("live-now-count")).toHaveText(String(liveNow), { timeout: STEP_MS });
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  await expect(page.locator("details").filter({ hasText: "More filters" })).toHaveAttribute("open", "");
  expect(page.url()).toBe(`${baseUrl()}/calls`);
});

test("a call stored after the list was rendered but before its stream opened still appears", async ({ page }) => {
  // The stream is held back until the call is stored, as a slow phone or a busy server would delay it.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/v1/stream**", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/calls");
  const id = uniqueId("MZlivegap");
  await sendWebhook(
    { type: "call_started", request_id: id, agent_id: agent, webhook_id: "agent_webhook_e2e", body: [], timestamp: new Date().toISOString() },
    b.baseUrl,
  );
  await expect(page.locator(`[data-call-id="${id}"]`)).toHaveCount(0);
  release();
  await expect(page.locator(`[data-call-id="${id}"]`)).toBeVisible({ timeout: 5_000 });
  expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1);
});
