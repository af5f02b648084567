import { expect, type Page, test } from "@playwright/test";
import { synthesizeWav } from "../../lib/demo/synthesize-wav";
import { apiRequest, expectAccessible, fixture, sendWebhook, uniqueId } from "./support";

/** A call whose first answer carries all four stages and whose second only two, with a WAV recording of it. */
async function stagedCall(agent: string, deploymentId: string, ttsS: number, gapS: number) {
  const id = uniqueId("MZwf");
  const start = new Date(Date.now() - 2 * 3600_000);
  const transcript = [
    { role: "user", text: "Can I book a table?", start_timestamp: 0.5, end_timestamp: 2, stt_ttfb: 0.1 },
    { role: "assistant", text: "Of course, for how many?", start_timestamp: 2 + gapS, end_timestamp: 4.5, tts_ttfb: ttsS, vad_buffer_ms: 250 },
    { role: "user", text: "For two.", start_timestamp: 5.5, end_timestamp: 6.5, stt_ttfb: 0.1 },
    { role: "assistant", text: "Booked.", start_timestamp: 6.5 + gapS / 2, end_timestamp: 8.5, tts_ttfb: ttsS },
  ];
  const frames = [
    { type: "log_metric", name: "llm_first_chunk_ms", value: 400, responding_to: "input-0", timestamp: 2.4, id: `${id}-m1` },
    { type: "log_metric", name: "agent_turn_ms", value: 1500, responding_to: "input-0", timestamp: 4.6, id: `${id}-m2` },
  ];
  const events = await apiRequest("POST", `/api/v1/calls/${id}/events`, frames.map((f) => JSON.stringify(f)).join("\n"), {
    "content-type": "application/x-ndjson",
  });
  expect(events.status).toBeLessThan(300);
  const d = fixture("webhooks/call_completed.call-object.json");
  await sendWebhook({
    ...d,
    request_id: id,
    agent_id: agent,
    timestamp: new Date(start.getTime() + 60_000).toISOString(),
    call: { ...d.call, id, agent_id: agent, deployment_id: deploymentId, start_time: start.toISOString(), end_time: null, transcript },
  });
  const wav = synthesizeWav(
    transcript.map((t) => ({ role: t.role, startS: t.start_timestamp, endS: t.end_timestamp })),
    10,
  );
  expect((await apiRequest("PUT", `/api/v1/calls/${id}/recording`, new Uint8Array(wav), { "content-type": "audio/wav" })).status).toBe(201);
  return id;
}

async function measuredFromAudio(id: string) {
  await expect
    .poll(
      async () => {
        const call = await (await apiRequest("GET", `/api/v1/calls/${id}`)).json();
        return call.conversation?.response_gaps?.map(
          (g: { measured_by: string | null; stages: { llm_ms: number | null } | null }) => `${g.measured_by}:${g.stages?.llm_ms}`,
        );
      },
      { timeout: 30_000 },
    )
    .toEqual(["audio:400", "audio:null"]);
}

/** Once the page has laid itself out again for the new width (charts resize on the next frames), nothing scrolls sideways. */
async function noSidewaysScroll(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test("a call's waterfall shows each answered turn's stages, and the latency page where a deployment's time went", async ({ page }) => {
  // Two colour schemes, two pages, two widths each: longer than one page's walk.
  test.setTimeout(180_000);
  const agent = uniqueId("agent_wf_");
  const [v1, v2] = [uniqueId("dep_wf_a_"), uniqueId("dep_wf_b_")];
  for (const [id, daysAgo, git] of [
    [v1, 5, "a1b2c3d"],
    [v2, 1, "e4f5a6b"],
  ] as const) {
    const res = await apiRequest(
      "PUT",
      `/api/v1/deployments/${id}`,
      JSON.stringify({ agent_id: agent, status: "deployed", git_commit_hash: git, created_at: new Date(Date.now() - daysAgo * 86400_000).toISOString() }),
      { "content-type": "application/json" },
    );
    expect(res.status).toBeLessThan(300);
  }
  const calls = [
    await stagedCall(agent, v1, 0.2, 1.0),
    await stagedCall(agent, v1, 0.2, 1.0),
    await stagedCall(agent, v2, 0.5, 1.3),
    await stagedCall(agent, v2, 0.5, 1.3),
  ];
  for (const id of calls) await measuredFromAudio(id);

  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/calls/${calls[2]}`);
    await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /dark/ : /^(?!.*dark)/);
    const waterfalls = page.getByTestId("turn-waterfall");
    await expect(waterfalls).toHaveCount(2);
    const first = waterfalls.first();
    await expect(first.getByTestId("measured-by")).toHaveText("heard in the recording");
    // The first answer is the slower one (the caller waited about 1.3 s for it) and is marked.
    await expect(first).toHaveAttribute("data-slowest", "true");
    await expect(first.getByText("slowest turn")).toBeVisible();
    await expect(waterfalls.nth(1)).not.toHaveAttribute("data-slowest", "true");
    // The numbers are in each stage's tooltip and accessible name; stages not measured say so.
    const llm = first.locator('[data-stage="llm"]');
    await expect(llm).toHaveAttribute("title", "LLM 400 ms");
    await expect(first.getByRole("button", { name: /^Text-to-speech 500 ms/ })).toBeVisible();
    await expect(waterfalls.nth(1).getByRole("group")).toHaveAttribute("aria-label", /Endpointing not measured.*LLM not measured/);
    await expectAccessible(page);

    // Clicking a stage plays the recording from where the wait began: the end of the caller's turn.
    await llm.click();
    await expect.poll(() => page.evaluate(() => document.querySelector("audio")!.currentTime)).toBeCloseTo(2, 1);
    await waterfalls.nth(1).locator('[data-stage="tts"]').click();
    await expect.poll(() => page.evaluate(() => document.querySelector("audio")!.currentTime)).toBeCloseTo(6.5, 1);

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(first.locator("[data-waterfall]")).toBeVisible();
    await noSidewaysScroll(page);

    // The latency page's stage view, per deployment.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/latency?agent=${agent}&range=7d&stages=deployment`);
    await expect(page.getByRole("link", { name: "Deployment", exact: true })).toHaveAttribute("aria-current", "true");
    const slower = page.locator(`[data-stage-group="${v2}"]`);
    // Each call waits about 1.3 s and 0.65 s: the p95 is the longer wait, the p50 between the two.
    await expect(slower.locator('[data-percentile="p95"]').getByTestId("wait-p95")).toHaveText(/^1,?(2[6-9]|3[0-4])\d ms$/);
    await expect(slower.locator('[data-percentile="p50"]').getByTestId("wait-p50")).toHaveText(/^(9[5-9]\d|1,?0[0-2]\d) ms$/);
    await expect(page.getByTestId("stage-sentences")).toContainText(
      /e4f5a6b is 3\d\d ms slower at p95 than a1b2c3d( \(within noise\))?; text-to-speech accounts for 300 ms of it\./,
    );
    const shift = page.locator(`[data-stage-shift="${v2}"][data-percentile="p95"] [data-stage-metric="stage_tts"]`);
    await expect(shift).toContainText("+300 ms");
    await expect(shift.locator("[title]")).toHaveAttribute("title", /95% bootstrap interval/);
    await expectAccessible(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(slower).toBeVisible();
    await noSidewaysScroll(page);

    // Per agent, the filters keep the stage view.
    await page.getByRole("link", { name: "Agent", exact: true }).click();
    await expect(page).toHaveURL(/stages=agent/);
    await expect(page.locator(`[data-stage-group="${agent}"]`)).toBeVisible();
  }
});
