// The console as a new user walks it, at phone and desktop width: what broke
// once stays fixed. Each test names the defect it guards.
import { expect, test } from "@playwright/test";
import { apiRequest, fixture, SIGNED_IN, seedCall, sendWebhook, uniqueId } from "./support";

async function failedCall(agent: string) {
  const id = uniqueId("MZfailwalk");
  const failed = fixture("webhooks/call_failed.seed.json");
  await sendWebhook({ ...failed, request_id: id, agent_id: agent, timestamp: new Date().toISOString() });
  await apiRequest(
    "POST",
    `/api/v1/calls/${id}/events`,
    JSON.stringify({ type: "log", level: "error", message: "LLM provider returned 503", timestamp: 2.5 }),
    { "content-type": "application/json" },
  );
  return id;
}

test.describe("at phone width", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("no page is wider than the screen, and the whole navigation is reachable", async ({ page }) => {
    const agent = uniqueId("agent_phone_");
    // A long id, as a build named after its branch has: a choice of it must not widen the page's filters.
    const deploymentId = uniqueId("dep_phone_build_of_feature_branch_with_a_long_name_");
    await apiRequest(
      "PUT",
      `/api/v1/deployments/${deploymentId}`,
      JSON.stringify({ agent_id: agent, status: "deployed", build_logs: "Installing requirements.txt\nready\n" }),
      { "content-type": "application/json" },
    );
    const { id } = await seedCall(agent, { deploymentId });
    await failedCall(agent);
    const pages = [
      "/",
      "/calls",
      `/calls/${id}`,
      `/calls/${id}?tab=logs`,
      "/latency?range=7d",
      "/latency?range=6h",
      "/deployments",
      `/deployments/${deploymentId}`,
      "/agents",
      "/settings/webhooks",
      "/settings/api-keys",
      "/settings/users",
      "/settings/sync",
      "/docs/api",
    ];
    for (const path of pages) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(sideways, path).toBeLessThanOrEqual(0);
    }
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Overview", "Calls", "Deployments", "Agents", "Latency", "API", "Settings"]) {
      await expect(nav.getByRole("link", { name, exact: true })).toBeInViewport();
    }
  });
});

test("the latency page's time zone is picked from a list and applied on Enter; typing reloads nothing", async ({ page }) => {
  await page.goto("/latency?range=7d&tz=UTC");
  const zone = page.getByRole("combobox", { name: /Time zone/ });
  await zone.fill("Europe/Ber");
  await page.getByRole("spinbutton", { name: "Threshold (ms)" }).fill("7");
  await page.waitForTimeout(500);
  await expect(page).toHaveURL(/tz=UTC/);
  await expect(page.locator("datalist#time-zones option[value='Europe/Berlin']")).toHaveCount(1);
  await zone.fill("Europe/Berlin");
  await zone.press("Enter");
  await expect(page).toHaveURL(/tz=Europe%2FBerlin/);
  await expect(page).toHaveURL(/threshold=7(&|$)/);
  await expect(page.getByText("per day, Europe/Berlin")).toBeVisible();

  await page.goto("/latency?tz=Europe%2FBerln");
  await expect(page.getByText("“Europe/Berln” is not a time zone Callscope knows")).toBeVisible();
  await page.goto("/latency?range=6h");
  await expect(page.getByTestId("latency-time-chart")).toBeVisible();
});

test.describe("a browser in Berlin", () => {
  test.use({ timezoneId: "Europe/Berlin" });

  test("opening the latency page without a zone uses the browser's", async ({ page }) => {
    await page.goto("/latency?range=24h");
    await expect(page).toHaveURL(/tz=Europe%2FBerlin/);
  });

  test("the calls list takes From in the browser's time zone, as it shows its times, even typed before the page is ready", async ({ page }) => {
    // The page's scripts are held back until From is typed, so it is typed into the server's HTML, as on a slow phone.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/_next/static/**/*.js", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto("/calls", { waitUntil: "domcontentloaded" });
    await page.getByLabel("From (your time)").fill("2025-07-01T10:00");
    release();
    // The address changes once the filtered list has been rendered, which takes a while on a busy database.
    await expect(page).toHaveURL(/from=2025-07-01T08%3A00%3A00.000Z/, { timeout: 30_000 });
    await expect(page.getByLabel("From (your time)")).toHaveValue("2025-07-01T10:00");
    // Once the page is ready, a time typed applies at once.
    await page.getByLabel("To (your time)").fill("2025-07-02T10:00");
    await expect(page).toHaveURL(/from=2025-07-01T08%3A00%3A00.000Z&.*to=2025-07-02T08%3A00%3A00.000Z|to=2025-07-02T08%3A00%3A00.000Z.*from=/, {
      timeout: 30_000,
    });
  });
});

test("the player, the transcript and the logs of a call agree and respond", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { id } = await seedCall(uniqueId("agent_player_"));
  await apiRequest("POST", `/api/v1/calls/${id}/logs`, "agent started\nlookup slow: 412 ms\ndone", { "content-type": "text/plain" });
  // The duration shows however quickly the metadata loads.
  for (let i = 0; i < 5; i++) {
    await page.goto(`/calls/${id}`);
    await expect(page.getByTestId("player-time")).toHaveText(/\/ 0:2\d\.\d\d$/);
  }
  // Space after clicking a turn plays and pauses.
  const audio = page.getByTestId("call-audio");
  await page.locator('[data-turn-start="6.02"] button').click();
  await page.keyboard.press(" ");
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.paused)).toBe(false);
  await page.keyboard.press(" ");
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.paused)).toBe(true);
  // Playback speed.
  await page.getByTestId("playback-speed").selectOption("1.5");
  expect(await audio.evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(1.5);
  // A link to this moment, and the transcript as text, on the clipboard.
  await page.getByRole("button", { name: "Copy link to this moment" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`/calls/${id}\\?t=\\d+\\.\\d\\d$`));
  await page.getByRole("button", { name: "Copy transcript" }).click();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toContain(`Call ${id}`);
  expect(text).toContain("Agent: Good evening, Marco's Pizzeria");
  // Find in this call sees entries scrolled out of view.
  const find = page.getByRole("searchbox", { name: "Find in this call" });
  await find.fill("apartment");
  await expect(page.getByTestId("find-count")).toHaveText("1 of 2");
  await find.press("Enter");
  await expect(page.getByTestId("find-count")).toHaveText("2 of 2");
  await expect(page.locator('[data-find-match="current"]')).toBeInViewport();
  await find.press("Shift+Enter");
  await expect(page.getByTestId("find-count")).toHaveText("1 of 2");
  // The Logs tab counts what the Logs chip counts, on the call's clock.
  const chip = await page.getByRole("button", { name: /^Logs \d+$/ }).textContent();
  const tab = await page.getByRole("link", { name: /^Logs/ }).textContent();
  expect(tab!.replace(/\D/g, "")).toBe(chip!.replace(/\D/g, ""));
  await page.getByRole("link", { name: /^Logs/ }).click();
  await expect(page.getByTestId("log-lines").locator("li")).toHaveCount(Number(chip!.replace(/\D/g, "")));
  for (const time of await page.getByTestId("log-lines").locator("li > span:first-child").allTextContents()) expect(time).toMatch(/^\d+:\d\d\.\d\d$| UTC$/);
});

test("a failed call says why, in its header and in the list", async ({ page }) => {
  const agent = uniqueId("agent_failwalk_");
  const id = await failedCall(agent);
  await page.goto(`/calls/${id}`);
  await expect(page.getByTestId("failure-reason")).toContainText("LLM provider returned 503");
  await page.goto(`/calls?agent=${agent}`);
  await expect(page.locator(`[data-call-id="${id}"]`).getByTestId("call-outcome")).toContainText("LLM provider returned 503");
  await page.goto(`/calls?agent=${agent}&has_error=yes`);
  await expect(page.locator(`[data-call-id="${id}"]`)).toBeVisible();
});

test("an unknown call offers the way back, and the first Tab stop skips to the content", async ({ page }) => {
  const response = await page.goto("/calls/MZnothing-here");
  expect(response?.status()).toBe(404);
  await page.getByRole("link", { name: "All calls" }).click();
  await expect(page).toHaveURL(/\/calls$/);
  await page.goto("/calls");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});

test("a key shown once can be copied", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/settings/api-keys");
  await page.getByLabel("Label").fill(uniqueId("copy-"));
  await page.getByRole("button", { name: "Create key" }).click();
  const value = await page.getByTestId("shown-once").textContent();
  await page.getByRole("button", { name: /^Copy/ }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
});

test.describe("a member", () => {
  test.use({ storageState: SIGNED_IN.member });

  test("reaches the API reference, generated from the OpenAPI document", async ({ page }) => {
    await page.goto("/calls");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API", exact: true }).click();
    await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
    for (const endpoint of ["GET /api/v1/transcripts", "GET /api/v1/calls/{callId}/transcript", "POST /api/v1/sync", "GET /api/v1/events"]) {
      await expect(page.locator(`[data-endpoint="${endpoint}"]`)).toBeVisible();
    }
    await expect(page.locator("main")).not.toContainText("`");
  });
});
