import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { synthesizeWav } from "../../lib/demo/synthesize-wav";
import { apiRequest, expectAccessible, fixture, seedCall, sendWebhook, uniqueId } from "./support";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

test("a call arrives and appears in the list without a reload, and filters find it", async ({ page }) => {
  const agent = uniqueId("agent_list_");
  const word = uniqueId("zebra");
  await page.goto("/calls");
  const { id } = await seedCall(agent, { word });
  await expect(page.locator(`[data-call-id="${id}"]`)).toBeVisible({ timeout: 15_000 });

  await page.goto(`/calls?agent=${agent}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.getByRole("checkbox", { name: new RegExp(agent) })).toBeChecked();

  await page.goto("/calls");
  await page.getByLabel("Search transcripts").fill(word);
  await page.getByLabel("Search transcripts").press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${word}`));
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("mark").first()).toHaveText(word);
  await expectAccessible(page);
});

test("the call page interleaves events with turns, seeks the player, and downloads the recording", async ({ page }) => {
  const { id, wav } = await seedCall(uniqueId("agent_call_"));
  await page.goto(`/calls/${id}`);
  await expect(page.getByRole("heading", { name: id })).toBeVisible();
  const kinds = await page
    .locator("[data-testid=timeline] [data-kind]")
    .evaluateAll((els) =>
      els.map(
        (el) =>
          `${el.getAttribute("data-kind")}:${el.getAttribute("data-turn-start") ?? el.getAttribute("data-event-name") ?? el.getAttribute("data-metric-name") ?? ""}`,
      ),
    );
  // The event (11.5 s) and the metric (12 s) sit between the turns that start at 10.12 s and 14.01 s.
  const event = kinds.indexOf("log_event:booking_found");
  const metric = kinds.indexOf("log_metric:lookup_ms");
  expect(kinds.slice(event - 1, metric + 2)).toEqual(["turn:10.12", "log_event:booking_found", "log_metric:lookup_ms", "turn:14.01"]);

  await page.locator('[data-turn-start="14.01"] button').click();
  await expect.poll(() => page.getByTestId("call-audio").evaluate((a: HTMLAudioElement) => a.currentTime)).toBeCloseTo(14.01, 1);
  await expect(page.locator('[data-turn-start="14.01"] button')).toHaveAttribute("aria-current", "true");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download recording" }).click()]);
  expect(download.suggestedFilename()).toBe(`${id}.wav`);
  expect(sha(readFileSync((await download.path())!))).toBe(sha(wav));
  await expectAccessible(page);

  await page.getByRole("link", { name: /Metrics/ }).click();
  await expect(page.getByTestId("ttfb-chart")).toBeVisible();
  await expect(page.getByRole("cell", { name: "lookup_ms" })).toBeVisible();
});

test("deployments and agents show the numbers the data implies", async ({ page }) => {
  const agent = uniqueId("agent_numbers_");
  const deploymentId = uniqueId("dep_e2e_");
  const put = await apiRequest(
    "PUT",
    `/api/v1/deployments/${deploymentId}`,
    JSON.stringify({ agent_id: agent, status: "deployed", is_live: true, git_commit_hash: "abc1234", build_logs: "Installing requirements.txt\nready\n" }),
    { "content-type": "application/json" },
  );
  expect(put.status).toBe(201);
  await seedCall(agent, { deploymentId });
  await seedCall(agent, { deploymentId });
  const failed = fixture("webhooks/call_failed.seed.json");
  await sendWebhook({ ...failed, request_id: uniqueId("MZfail"), agent_id: agent, timestamp: new Date().toISOString() });

  await page.goto("/deployments");
  const row = page.locator(`[data-deployment-id="${deploymentId}"]`);
  await expect(row.getByTestId("deployment-calls")).toHaveText("2");
  // tts_ttfb of the seed transcript's three assistant turns: 204, 342 and 287 ms, twice: p50 287 ms.
  await expect(row).toContainText("287 ms");
  await expectAccessible(page);

  await page.goto(`/deployments/${deploymentId}`);
  await expect(page.getByTestId("log-lines")).toContainText("Installing requirements.txt");

  // Ids come from outside: one made of a control character alone still gives its link a name (axe checks below).
  await sendWebhook({ ...failed, request_id: uniqueId("MZinvisible"), agent_id: "\u000b", timestamp: new Date().toISOString() });

  await page.goto("/agents");
  await expect(page.getByRole("link", { name: '"\\u000b"' })).toBeVisible();
  const agentRow = page.locator(`[data-agent-id="${agent}"]`);
  await expect(agentRow.getByTestId("agent-calls")).toHaveText("3");
  await expect(agentRow.getByTestId("agent-failure-rate")).toHaveText("33.3%");
  await expectAccessible(page);
  await agentRow.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`agent=${agent}`));
  await expect(page.locator("tbody tr")).toHaveCount(3);
});

test("a secret added in Settings is shown once and accepted by the webhook", async ({ page }) => {
  await page.goto("/settings/webhooks");
  await page.getByLabel("Label").fill("rotation test");
  await page.getByRole("button", { name: "Add secret" }).click();
  const secret = (await page.getByTestId("shown-once").textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  const res = await fetch(`${process.env.CALLSCOPE_TEST_URL}/api/webhooks/cartesia`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-webhook-secret": secret },
    body: JSON.stringify({ ...fixture("webhooks/call_started.seed.json"), request_id: uniqueId("MZsecret") }),
  });
  expect(res.status).toBe(200);
  await page.reload();
  await expect(page.getByRole("cell", { name: "rotation test" })).toBeVisible();
  await expect(page.getByTestId("shown-once")).toHaveCount(0);
  await expectAccessible(page);
});

test("the call page shows what the caller heard: gaps per turn, dead air on the waveform, the conversation's figures", async ({ page }) => {
  const id = uniqueId("MZheard");
  const turns = [
    { role: "user", text: "Are you open on Sundays?", start_timestamp: 0.5, end_timestamp: 2.0 },
    { role: "assistant", text: "Yes, from noon.", start_timestamp: 2.3, end_timestamp: 4.0, tts_ttfb: 0.21 },
    { role: "user", text: "Thanks.", start_timestamp: 7.0, end_timestamp: 8.0 },
    { role: "assistant", text: "Goodbye!", start_timestamp: 8.4, end_timestamp: 9.5, tts_ttfb: 0.2 },
  ];
  const typed = fixture("webhooks/call_completed.call-object.json");
  await sendWebhook({ ...typed, request_id: id, call: { ...typed.call, id, transcript: turns } });
  // The first answer is heard 900 ms after its timestamp; 4.5 s to 7 s is silence.
  const heard = [
    { role: "user", startS: 0.5, endS: 2.0 },
    { role: "assistant", startS: 3.2, endS: 4.5 },
    { role: "user", startS: 7.0, endS: 8.0 },
    { role: "assistant", startS: 8.4, endS: 9.5 },
  ];
  const put = await apiRequest("PUT", `/api/v1/calls/${id}/recording`, new Uint8Array(synthesizeWav(heard, 10, { sampleRate: 16000 })), {
    "content-type": "audio/wav",
  });
  expect(put.status).toBe(201);
  await expect
    .poll(
      async () => {
        await page.goto(`/calls/${id}`);
        return page
          .getByTestId("conv-heard-gap")
          .textContent({ timeout: 1000 })
          .catch(() => null);
      },
      { timeout: 30_000 },
    )
    // The median of the two heard gaps: about 1,200 and 400 ms.
    .toMatch(/^(7[5-9]\d|8[0-4]\d) ms$/);
  await expect(page.getByTestId("conv-gap")).toHaveText("350 ms");
  await expect(page.getByTestId("conv-dead-air")).toHaveText(/^1 × 2\.\d s in all$/);
  const first = page.locator('[data-turn-start="2.3"]');
  await expect(first.getByText("gap 300 ms")).toBeVisible();
  await expect(first.getByText(/^heard 1[12]\d\d ms$/)).toBeVisible();
  // A gap heard as the timestamps say gets no second badge.
  await expect(page.locator('[data-turn-start="8.4"]').getByText(/^heard \d/)).toHaveCount(0);
  await expect(page.getByTestId("wave-legend")).toContainText("Dead air (1)");
  await expectAccessible(page);
});
