// Causes end to end: Cartesia-shaped webhooks and Line-shaped tool call
// frames through the real API; the app's own background worker groups the
// failures; the API lists them, shows one with its breakdown and examples,
// and takes an admin's state changes into the audit log; the calls list
// filters by cause; a resolved cause regresses only where it should.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { causeDetailSchema, causeListSchema } from "@/lib/causes/cause-json";
import { query } from "../support/db";
import { adminKey, api, baseUrl, callObjectDelivery, newCallId, postWebhook, putDeployment } from "../support/http";
import { TEST_MEMBER_API_KEY } from "../support/stack";
import { until } from "../support/until";

const run = Date.now().toString(36);
const agent = `agent_causes_${run}`;
const [older, newer] = [`dep_causes_a_${run}`, `dep_causes_b_${run}`];

async function deployment(id: string, daysAgo: number) {
  const res = await putDeployment(id, { agent_id: agent, status: "deployed", created_at: new Date(Date.now() - daysAgo * 86400_000).toISOString() });
  expect(res.status).toBeLessThan(300);
}

/** A finished call of the agent, starting `startedAgoS` ago, with what the call object carries. */
async function finishedCall(deploymentId: string, call: Record<string, unknown> = {}, startedAgoS = 60) {
  const id = newCallId("MZcause");
  const start = new Date(Date.now() - startedAgoS * 1000);
  const res = await postWebhook(
    callObjectDelivery(
      id,
      agent,
      { deployment_id: deploymentId, start_time: start.toISOString(), end_time: new Date().toISOString(), ...call },
      { timestamp: new Date().toISOString() },
    ),
  );
  expect(res.status).toBe(200);
  return id;
}

/** A call whose booking tool timed out: the numbers and the query string differ every time, as they do. */
async function timedOutCall(deploymentId: string, startedAgoS = 60) {
  const id = await finishedCall(deploymentId, {}, startedAgoS);
  const ms = 2900 + Math.floor(Math.random() * 300);
  const frames = [
    { type: "tool_call", name: "check_slots", arguments: { day: "friday" }, result: null, id: `tc_${id}`, timestamp: 5 },
    {
      type: "tool_call",
      name: "check_slots",
      arguments: { day: "friday" },
      result: JSON.stringify({ error: `Timeout after ${ms} ms calling https://booking.example/slots?id=${Math.floor(Math.random() * 1000)}` }),
      id: `tc_${id}`,
      timestamp: 5 + ms / 1000,
    },
  ];
  const res = await api("POST", `/api/v1/calls/${id}/events`, { body: frames.map((f) => JSON.stringify(f)).join("\n"), type: "application/x-ndjson" });
  expect(res.status).toBe(200);
  return id;
}

const causesOfAgent = async (extra = "") => {
  const res = await api("GET", `/api/v1/causes?agent_id=${agent}&state=new,ongoing,resolved,regressed,ignored${extra}`);
  expect(res.status).toBe(200);
  return causeListSchema.parse(res.json).data;
};
const causeOf = async (id: string) => {
  const res = await api("GET", `/api/v1/causes/${id}`);
  expect(res.status).toBe(200);
  return causeDetailSchema.parse(res.json);
};
const change = (id: string, body: unknown, key?: string) =>
  api("PATCH", `/api/v1/causes/${id}`, { type: "application/json", body: JSON.stringify(body), ...(key ? { key } : {}) });

const CLI = path.resolve(import.meta.dirname, "../../bin/callscope.mjs");
async function cli(args: string[], key = adminKey()) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { ...process.env, CALLSCOPE_URL: baseUrl(), CALLSCOPE_API_KEY: key },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("causes", () => {
  it("group failing calls by fingerprint in the background, with their lifecycle, audit and calls filter", async () => {
    await deployment(older, 5);
    await deployment(newer, 1);
    const timeouts = [await timedOutCall(older), await timedOutCall(older), await timedOutCall(older)];
    const failed = await finishedCall(older, { status: "failed", error_message: "STT provider error: upstream answered 503 for request req_8f3a91c2" });
    const healthy = await finishedCall(older);

    const causes = await until(
      "the worker groups the calls",
      () => causesOfAgent(),
      (list) => list.find((c) => c.kind === "tool_error")?.calls === 3 && list.some((c) => c.kind === "cartesia_error"),
      30_000,
    );
    expect(causes).toHaveLength(2);
    const timeout = causes.find((c) => c.kind === "tool_error")!;
    expect(timeout.tool).toBe("check_slots");
    expect(timeout.title).toBe("check_slots: Timeout after <duration> calling https://booking.example/slots");
    expect(timeout).toMatchObject({ state: "new", new_in_deployment_id: older, calls_24h: 3, calls_7d: 3, calls_in_range: 3 });
    expect(timeout.sparkline.at(-1)).toBe(3);
    expect(timeout.agents).toEqual([{ agent_id: agent, calls: 3 }]);
    const stt = causes.find((c) => c.kind === "cartesia_error")!;
    expect(stt.title).toBe("STT provider error: upstream answered <n> for request <id>");
    // Sorted by impact.
    expect(causes[0].id).toBe(timeout.id);

    // The calls list filtered by a cause lists exactly its calls; a healthy call has none.
    const listed = await api("GET", `/api/v1/calls?cause=${timeout.id}&limit=100`);
    expect(listed.json.data.map((c: { id: string }) => c.id).sort()).toEqual([...timeouts].sort());
    expect((await api("GET", `/api/v1/calls?cause=${stt.id}&limit=100`)).json.data.map((c: { id: string }) => c.id)).toEqual([failed]);
    expect(await query("select count(*)::int as n from call_causes where call_id = $1", [healthy])).toEqual([{ n: 0 }]);

    // Exports name each call's causes when asked: JSON Lines a `causes` list, CSV rows of kind `cause`, one call's export too.
    const lines = (await api("GET", `/api/v1/transcripts?agent_id=${agent}&format=jsonl&include=causes`)).buffer
      .toString()
      .trim()
      .split("\n")
      .map((l: string) => JSON.parse(l));
    const exported = new Map(lines.map((l: { call_id: string; causes: unknown }) => [l.call_id, l.causes]));
    for (const id of timeouts) expect(exported.get(id)).toEqual([{ id: timeout.id, kind: "tool_error", title: timeout.title }]);
    expect(exported.get(failed)).toEqual([{ id: stt.id, kind: "cartesia_error", title: stt.title }]);
    expect(exported.get(healthy)).toEqual([]);
    expect(lines.every((l: { events?: unknown }) => l.events === undefined)).toBe(true);
    const csv = parseCsv((await api("GET", `/api/v1/transcripts?agent_id=${agent}&format=csv&include=causes,events`)).buffer.toString(), {
      columns: true,
    }) as Record<string, string>[];
    expect(csv.filter((r) => r.kind === "cause").map((r) => [r.call_id, r.name, r.value, r.text])).toEqual(
      expect.arrayContaining([...timeouts.map((id) => [id, timeout.id, "tool_error", timeout.title]), [failed, stt.id, "cartesia_error", stt.title]]),
    );
    expect(csv.filter((r) => r.kind === "cause")).toHaveLength(4);
    const one = await api("GET", `/api/v1/calls/${timeouts[0]}/transcript?format=json&include=events,causes`);
    expect(one.json.causes).toEqual([{ id: timeout.id, kind: "tool_error", title: timeout.title }]);
    expect(Array.isArray(one.json.events)).toBe(true);
    expect((await api("GET", `/api/v1/calls/${timeouts[0]}/transcript?format=txt&include=causes`)).buffer.toString()).toContain(
      `Causes: ${timeout.id} (${timeout.title})`,
    );
    const refused = await api("GET", `/api/v1/transcripts?format=jsonl&include=causes,everything`);
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toContain('"everything"');

    // One cause: its breakdown, and examples that point at the tool call that failed.
    const detail = await causeOf(timeout.id);
    expect(detail.deployments).toEqual([{ deployment_id: older, calls: 3, deployment_calls: 5, share: 0.6 }]);
    expect(detail.examples.map((e) => e.call_id).sort()).toEqual([...timeouts].sort());
    expect(detail.examples.map((e) => e.which).sort()).toEqual(["first", "latest", "spread"]);
    for (const e of detail.examples) {
      expect(e.tool_call_id).toMatch(/^\d+$/);
      expect(e.detail).toMatch(/Timeout after \d+ ms/);
    }
    expect(detail.history).toEqual([expect.objectContaining({ from_state: null, to_state: "new", actor: "system" })]);

    // Members read but never change; bad changes are refused with the reason, and nothing changes.
    expect((await change(timeout.id, { state: "resolved" }, TEST_MEMBER_API_KEY)).status).toBe(403);
    const bad = await change(timeout.id, { state: "ongoing", resolved_in_deployment_id: newer });
    expect(bad.status).toBe(422);
    expect(bad.json.error.message).toMatch(/resolved_in_deployment_id goes with resolved/);
    expect((await change(timeout.id, { state: "resolved", resolved_in_deployment_id: "dep_nobody_knows" })).status).toBe(422);
    expect((await change(timeout.id, { state: "gone" })).status).toBe(422);
    expect((await change("cause_0000000000000000", { state: "resolved" })).status).toBe(404);
    expect((await causeOf(timeout.id)).state).toBe("new");

    // Resolved in the newer deployment: it comes back on the older one (still running) without regressing…
    const resolved = await change(timeout.id, { state: "resolved", resolved_in_deployment_id: newer, note: "raised the booking timeout" });
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ state: "resolved", resolved_in_deployment_id: newer });
    const audit = await query("select actor_name, details from audit_events where action = 'cause.state_changed' and target_id = $1", [timeout.id]);
    expect(audit).toEqual([
      { actor_name: expect.any(String), details: expect.objectContaining({ from: "new", to: "resolved", resolved_in_deployment_id: newer }) },
    ]);
    // Reads the timeout cause until `done` holds of it: the worker counts new calls in the background.
    const untilTimeoutCause = (what: string, done: (cause: Awaited<ReturnType<typeof causeOf>>) => boolean) => until(what, () => causeOf(timeout.id), done);
    await timedOutCall(older, 0);
    await untilTimeoutCause("the older deployment's call is counted", (c) => c.calls === 4);
    expect((await causeOf(timeout.id)).state).toBe("resolved");

    // …and regresses when the deployment that should have fixed it has it too.
    await timedOutCall(newer, 0);
    const regressed = await untilTimeoutCause("it regresses", (c) => c.state === "regressed");
    expect(regressed.calls).toBe(5);
    expect(regressed.history.slice(0, 2).map((h) => [h.from_state, h.to_state, h.actor])).toEqual([
      ["resolved", "regressed", "system"],
      ["new", "resolved", expect.any(String)],
    ]);
    expect(regressed.history[0].deployment_id).toBe(newer);

    // Ignored for one more call: muted until it comes back once more, then ongoing again.
    expect((await change(timeout.id, { state: "ignored", ignore_calls: 1 })).json).toMatchObject({ state: "ignored", ignored_until_calls: 6 });
    expect((await causesOfAgent("&q=check_slots")).map((c) => c.state)).toEqual(["ignored"]);
    expect((await api("GET", `/api/v1/causes?agent_id=${agent}`)).json.data.map((c: { id: string }) => c.id)).toEqual([stt.id]);
    await timedOutCall(newer, 0);
    const back = await untilTimeoutCause("the ignore count ends it", (c) => c.state === "ongoing");
    expect(back.calls).toBe(6);

    // A call delivered again is counted once.
    const [first] = await query("select start_time from calls where id = $1", [timeouts[0]]);
    await postWebhook(
      callObjectDelivery(
        timeouts[0],
        agent,
        { deployment_id: older, start_time: first.start_time.toISOString(), end_reason: "agent_hangup" },
        { request_id: `${timeouts[0]}-again`, timestamp: new Date().toISOString() },
      ),
    );
    await until(
      "the redelivery is worked out",
      () => query("select count(*)::int as n from cause_queue where call_id = $1", [timeouts[0]]),
      (r) => r[0].n === 0,
    );
    expect((await causeOf(timeout.id)).calls).toBe(6);
    expect(await query("select count(*)::int as n from call_causes where cause_id = $1", [timeout.id])).toEqual([{ n: 6 }]);
  });

  it("answers unknown and malformed ids with 404 and bad filters with 400, naming them", async () => {
    expect((await api("GET", "/api/v1/causes/cause_ffffffffffffffff")).status).toBe(404);
    expect((await api("GET", `/api/v1/causes/${"x".repeat(5000)}`)).status).toBe(404);
    const bad = await api("GET", "/api/v1/causes?state=sleeping&limit=0");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error.details)).toMatch(/state/);
    expect(JSON.stringify(bad.json.error.details)).toMatch(/limit/);
    expect((await api("GET", "/api/v1/causes", { key: null })).status).toBe(401);
  });
  it("are listed, read and changed from the command line, an admin key changing them", async () => {
    const cliDeployment = `dep_causes_cli_${run}`;
    await deployment(cliDeployment, 0);
    const call = await timedOutCall(cliDeployment);
    const cause = await until(
      "the worker groups the call",
      () => causesOfAgent(`&deployment_id=${cliDeployment}`),
      (list) => list.some((c) => c.kind === "tool_error"),
      30_000,
    ).then((list) => list.find((c) => c.kind === "tool_error")!);

    const json = await cli(["causes", "list", "--agent", agent, "--deployment", cliDeployment, "--state", "new", "ongoing", "regressed", "--json"]);
    expect(json.code).toBe(0);
    expect(causeListSchema.parse(JSON.parse(json.stdout)).data.map((c) => c.id)).toContain(cause.id);
    const listed = await cli(["causes", "list", "--agent", agent, "--kind", "tool_error", "--range", "24h"]);
    expect(listed.code).toBe(0);
    const [header, ...rows] = listed.stdout.trim().split("\n");
    expect(header).toMatch(/^ID\s+STATE\s+KIND\s+CALLS 24H\s+ALL CALLS\s+LAST SEEN\s+TITLE$/);
    const row = rows.find((r) => r.startsWith(cause.id))!;
    expect(row).toContain("tool_error");
    expect(row).toContain(cause.title);
    expect((await cli(["causes", "list", "--agent", agent, "--kind", "dead_air"])).stderr).toContain("No causes match.");
    expect((await cli(["causes", "list", "--range", "1y"])).code).toBe(2);

    const one = await cli(["causes", "get", cause.id]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(cause.title);
    expect(one.stdout).toMatch(new RegExp(`${cliDeployment}\\s+1\\s+`));
    expect(one.stdout).toContain(call);
    expect(one.stdout).toMatch(/— → new\s+system/);
    expect((await cli(["causes", "get", "cause_ffffffffffffffff"])).code).toBe(4);

    // A member's key reads but cannot change; an admin's resolves in a deployment and reopens, with the note kept.
    const refused = await cli(["causes", "resolve", cause.id], TEST_MEMBER_API_KEY);
    expect(refused.code).toBe(3);
    expect((await causeOf(cause.id)).state).not.toBe("resolved");
    const resolved = await cli(["causes", "resolve", cause.id, "--in", cliDeployment, "--note", "retry added"]);
    expect(resolved).toMatchObject({ code: 0, stderr: `${cause.id} is resolved.\n` });
    expect(await causeOf(cause.id)).toMatchObject({ state: "resolved", resolved_in_deployment_id: cliDeployment });
    expect((await cli(["causes", "resolve", cause.id, "--in", "dep_nobody_knows"])).stderr).toContain("No deployment dep_nobody_knows");
    expect((await cli(["causes", "ignore", cause.id, "--calls", "0"])).code).toBe(2);
    expect((await cli(["causes", "reopen", cause.id, "--note", "still seen"])).stderr).toBe(`${cause.id} is ongoing.\n`);
    const history = (await causeOf(cause.id)).history;
    expect(history[0]).toMatchObject({ from_state: "resolved", to_state: "ongoing", note: "still seen" }); // newest first
    expect(history.some((h) => h.to_state === "resolved" && h.note === "retry added")).toBe(true);
  });
});
