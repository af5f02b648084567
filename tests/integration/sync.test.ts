import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase } from "@/lib/db/create-client";
import { synthesizeWav } from "@/lib/demo/synthesize-wav";
import { localStorage } from "@/lib/recordings/storage";
import { readFileSync } from "node:fs";
import pkg from "@/package.json";
import { parseEnv } from "@/lib/env";
import { CartesiaAuthError, CartesiaError, CartesiaRequestError, cartesiaClient } from "@/lib/cartesia/api-client";
import { type SyncDeps, syncFromCartesia } from "@/lib/sync/sync-from-cartesia";
import { query } from "../support/db";
import { fixture } from "../support/http";
import { FIXTURES } from "../support/fixtures";
import { type FakeCartesia, startFakeCartesia } from "../support/fake-cartesia";
import { expectLineShapes } from "../support/line-shapes";
import { type Stack, startStack, TEST_ADMIN_API_KEY } from "../support/stack";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
let fake: FakeCartesia;
let database: ReturnType<typeof createDatabase>;
const slept: number[] = [];

function deps(key = fake.key): SyncDeps {
  return {
    pool: database.pool,
    db: database.db,
    client: cartesiaClient({ apiKey: key, baseUrl: fake.url, version: "2026-03-01", sleep: async (ms) => void slept.push(ms), random: () => 0 }),
    storage: localStorage(mkdtempSync(path.join(os.tmpdir(), "sync-recordings-"))),
    recordingLimit: 10 * 1024 * 1024,
  };
}

/** Calls of the Calls API, newest first, with system rows carrying events and metrics. */
function apiCalls(agent: string, n: number) {
  const base = fixture("cartesia-api/list-calls.json").data[0];
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    id: `MZsync${agent}${String(n - i).padStart(3, "0")}`,
    agent_id: agent,
    deployment_id: `dep_sync_${agent}`,
    start_time: new Date(Date.UTC(2025, 6, 1, 10, 0, n - i)).toISOString(),
    end_time: new Date(Date.UTC(2025, 6, 1, 10, 5, n - i)).toISOString(),
  }));
}

async function snapshot(agent: string) {
  return {
    calls: await query("select id, status, turn_count, start_time, deployment_id, recording_status, summary from calls where agent_id = $1 order by id", [
      agent,
    ]),
    turns: await query(
      "select t.call_id, t.role, t.text, t.tts_ttfb, t.stt_ttfb from turns t join calls c on c.id = t.call_id where c.agent_id = $1 order by t.call_id, t.position",
      [agent],
    ),
    events: await query(
      "select e.call_id, e.kind, e.name, e.value, e.message, e.level from call_events e join calls c on c.id = e.call_id where c.agent_id = $1 order by e.call_id, e.kind, e.external_id",
      [agent],
    ),
    recordings: await query(
      "select r.call_id, r.sha256, r.bytes::int, r.source from recordings r join calls c on c.id = r.call_id where c.agent_id = $1 order by r.call_id",
      [agent],
    ),
    deployments: await query("select id, status, git_commit_hash, build_logs from deployments where agent_id = $1", [agent]),
  };
}

beforeAll(async () => {
  fake = await startFakeCartesia();
  database = createDatabase(inject("databaseUrl"), 4);
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

describe("sync from Cartesia", () => {
  it("brings calls over several pages with their turns, events, recordings, logs and deployments; a second run changes nothing", async () => {
    const agent = `a${Date.now().toString(36)}`;
    const calls = apiCalls(agent, 5);
    fake.calls.push(...calls);
    fake.pageSize = 2;
    const wav = synthesizeWav([{ role: "assistant", startS: 0.5, endS: 1.5 }], 2);
    fake.audio.set(calls[0].id, wav);
    fake.logs.set(calls[0].id, fixture("cartesia-api/call-logs.json").logs);
    fake.deployments.set(agent, [{ ...fixture("cartesia-api/deployment.json"), id: `dep_sync_${agent}`, agent_id: agent }]);

    const progress = await syncFromCartesia(deps(), { agentId: agent });
    expect(progress).toMatchObject({ calls: 5, recordings: 1, noRecording: 4, logs: 3, deployments: 1 });
    expect(fake.requests.filter((r) => r.startsWith("GET /agents/calls?")).length).toBe(3);

    const first = await snapshot(agent);
    expect(first.calls).toHaveLength(5);
    expect(first.calls[4]).toMatchObject({ status: "completed", turn_count: 2, deployment_id: `dep_sync_${agent}`, recording_status: "stored" });
    expect(first.calls[0].recording_status).toBe("unavailable");
    expect(first.turns.filter((t) => t.call_id === calls[0].id)).toEqual([
      { call_id: calls[0].id, role: "assistant", text: "Marco's Pizzeria, how can I help?", tts_ttfb: 0.198, stt_ttfb: null },
      { call_id: calls[0].id, role: "user", text: "Are you open on Sundays?", tts_ttfb: null, stt_ttfb: null },
    ]);
    const events = first.events.filter((e) => e.call_id === calls[0].id);
    expect(events.map((e) => [e.kind, e.name ?? e.level])).toEqual([
      ["log", "info"],
      ["log", "info"],
      ["log", "warning"],
      ["log_event", "intent_detected"],
      ["log_metric", "lookup_ms"],
    ]);
    expect(first.recordings).toEqual([{ call_id: calls[0].id, sha256: sha(wav), bytes: wav.length, source: "cartesia" }]);
    expect(first.deployments).toEqual([
      { id: `dep_sync_${agent}`, status: "deployed", git_commit_hash: "9b3e7d2", build_logs: expect.stringContaining("Health check passed") },
    ]);

    const again = await syncFromCartesia(deps(), { agentId: agent });
    expect(again).toMatchObject({ calls: 5, recordings: 0, logs: 0 });
    expect(await snapshot(agent)).toEqual(first);
  });

  it("merges with what a webhook already stored, without duplicating turns", async () => {
    const agent = `b${Date.now().toString(36)}`;
    const [call] = apiCalls(agent, 1);
    fake.calls.push(call);
    const webhook = fixture("webhooks/call_completed.call-object.json");
    await fetch(`${inject("baseUrl")}/api/webhooks/cartesia`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-webhook-secret": inject("webhookSecret") },
      body: JSON.stringify({
        ...webhook,
        request_id: call.id,
        agent_id: agent,
        call: { ...webhook.call, id: call.id, agent_id: agent, deployment_id: `dep_sync_${agent}` },
      }),
    });
    await syncFromCartesia(deps(), { agentId: agent });
    const { turns, events } = await snapshot(agent);
    expect(turns.map((t) => t.text)).toEqual(["Marco's Pizzeria, how can I help?", "Are you open on Sundays?", "We are! Let me check Sunday's hours."]);
    expect(events.filter((e) => e.kind !== "log")).toHaveLength(2);
  });

  it("stops at --limit and at --since", async () => {
    const agent = `c${Date.now().toString(36)}`;
    fake.calls.push(...apiCalls(agent, 6));
    expect((await syncFromCartesia(deps(), { agentId: agent, limit: 4 })).calls).toBe(4);
    const since = new Date(Date.UTC(2025, 6, 1, 10, 0, 5));
    expect((await syncFromCartesia(deps(), { agentId: agent, since })).calls).toBe(2);
  });

  it("waits out a 429 as Retry-After says, retries a 500, and stops on a 401 with a clear message", async () => {
    const agent = `d${Date.now().toString(36)}`;
    fake.calls.push(...apiCalls(agent, 1));
    fake.failures.push({ path: /^\/agents\/calls$/, status: 429, times: 1, retryAfter: 3 }, { path: /\/logs$/, status: 500, times: 2 });
    slept.length = 0;
    const progress = await syncFromCartesia(deps(), { agentId: agent });
    expect(progress.calls).toBe(1);
    expect(slept[0]).toBe(3000);
    expect(slept.length).toBe(3);
    await expect(syncFromCartesia(deps("sk_car_wrong"), { agentId: agent })).rejects.toThrow(CartesiaAuthError);
    await expect(syncFromCartesia(deps("sk_car_wrong"), { agentId: agent })).rejects.toThrow(/CARTESIA_API_KEY/);
  });
});

describe("requests as Cartesia documents them", () => {
  it("the fake refuses what Cartesia refuses: X-API-Key alone, no version, List Calls without agent_id or with limit over 100", async () => {
    const get = (path: string, headers: Record<string, string>) => fetch(`${fake.url}${path}`, { headers });
    expect((await get("/agents", { "X-API-Key": fake.key, "Cartesia-Version": "2026-03-01" })).status).toBe(401);
    expect((await get("/agents", { authorization: `Bearer ${fake.key}` })).status).toBe(400);
    const ok = { authorization: `Bearer ${fake.key}`, "Cartesia-Version": "2026-03-01" };
    expect((await get("/agents/calls?expand=transcript", ok)).status).toBe(400);
    expect((await get("/agents/calls?agent_id=x&limit=101", ok)).status).toBe(400);
    expect((await get("/agents/calls?agent_id=x&limit=100", ok)).status).toBe(200);
  });

  it("sends Authorization: Bearer and Cartesia-Version on every request, and never X-API-Key", async () => {
    const agent = `h${Date.now().toString(36)}`;
    fake.calls.push(...apiCalls(agent, 2));
    const from = fake.headers.length;
    await syncFromCartesia(deps(), { agentId: agent });
    const sent = fake.headers.slice(from);
    expect(sent.length).toBeGreaterThan(3);
    for (const headers of sent) {
      expect(headers.authorization).toBe(`Bearer ${fake.key}`);
      expect(headers["cartesia-version"]).toBe("2026-03-01");
      expect(headers["x-api-key"]).toBeUndefined();
    }
  });

  it("without an agent, lists the account's agents and pages each one's calls; keeps their names", async () => {
    const [a, b, gone] = ["i", "j", "k"].map((p) => `${p}${Date.now().toString(36)}`);
    fake.agents.push({ id: a, name: "Front desk" }, { id: b, name: "After hours" }, { id: gone, name: "Retired", deleted_at: "2025-06-02T00:00:00Z" });
    fake.calls.push(...apiCalls(a, 3), ...apiCalls(b, 2), ...apiCalls(gone, 1));
    fake.pageSize = 2;
    const from = fake.requests.length;
    const progress = await syncFromCartesia(deps(), {});
    fake.pageSize = 100;
    const requests = fake.requests.slice(from);
    expect(requests[0]).toBe("GET /agents");
    expect(requests.filter((r) => r.startsWith(`GET /agents/calls?agent_id=${a}&`))).toHaveLength(2);
    expect(requests.filter((r) => r.startsWith(`GET /agents/calls?agent_id=${b}&`))).toHaveLength(1);
    expect(requests.some((r) => r.includes(gone))).toBe(false);
    expect(requests.filter((r) => r.startsWith("GET /agents/calls?")).every((r) => /limit=100/.test(r))).toBe(true);
    const second = requests.find((r) => r.startsWith(`GET /agents/calls?agent_id=${a}&`) && r.includes("starting_after"))!;
    expect(second).toContain(`starting_after=${apiCalls(a, 3)[1].id}`);
    expect(progress.calls).toBeGreaterThanOrEqual(5);
    expect(await query("select id, name from agents where id = any($1) order by name", [[a, b]])).toEqual([
      { id: b, name: "After hours" },
      { id: a, name: "Front desk" },
    ]);
  });

  it("stops at once on a 4xx other than 429, with Cartesia's message, and retries nothing", async () => {
    const agent = `l${Date.now().toString(36)}`;
    fake.failures.push({ path: /^\/agents\/calls$/, status: 403, times: 1, message: "This key may not read calls." });
    slept.length = 0;
    const error = await syncFromCartesia(deps(), { agentId: agent }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CartesiaRequestError);
    expect((error as Error).message).toMatch(/403: This key may not read calls\./);
    expect(slept).toEqual([]);
  });

  it("joins a traceback to the statement above it, and places a line without a time right after the one before", async () => {
    const agent = `m${Date.now().toString(36)}`;
    const [call] = apiCalls(agent, 1);
    fake.calls.push(call);
    fake.logs.set(call.id, [
      "worker booting",
      "2025-07-01 10:00:02,000 INFO  agent started",
      "2025-07-01 10:00:04,000 ERROR tool failed",
      "Traceback (most recent call last):",
      '  File "main.py", line 3, in <module>',
      "ValueError: bad slot",
      "2025-07-01 10:00:05,000 INFO  recovered",
    ]);
    await syncFromCartesia(deps(), { agentId: agent });
    const res = await fetch(`${inject("baseUrl")}/api/v1/calls/${call.id}`, { headers: { authorization: `Bearer ${inject("adminKey")}` } });
    const events = (await res.json()).events.filter((e: { type: string }) => e.type === "log");
    expect(events.map((e: { message: string; level: string | null }) => [e.level, e.message])).toEqual([
      [null, "worker booting"],
      ["info", "agent started"],
      ["error", 'tool failed\nTraceback (most recent call last):\n  File "main.py", line 3, in <module>\nValueError: bad slot'],
      ["info", "recovered"],
    ]);
    const times = events.map((e: { timestamp: number }) => e.timestamp);
    // The bare line takes the call's start (10:00:01); the others their own times.
    expect(times).toEqual([0, 1, 3, 4]);
    // A second sync stores nothing again.
    expect((await syncFromCartesia(deps(), { agentId: agent })).logs).toBe(0);
  });

  it("reads loguru's lines (Line's own logging) with their levels, local times in LOG_TIMEZONE, and sources", async () => {
    const agent = `n${Date.now().toString(36)}`;
    const [call] = apiCalls(agent, 1);
    fake.calls.push(call);
    const lines = readFileSync(path.join(FIXTURES, "line-logs", "loguru-default.log"), "utf8")
      .trimEnd()
      .split("\n");
    fake.logs.set(call.id, lines);
    await syncFromCartesia({ ...deps(), logTimeZone: "America/New_York" }, { agentId: agent });
    const rows = await query("select level, message, code_location, wall_time from call_events where call_id = $1 and kind = 'log' order by wall_time, id", [
      call.id,
    ]);
    expect(rows.map((r) => r.level)).toEqual(["trace", "debug", "info", "success", "warning", "error", "critical", "tool", "info", "error", "info"]);
    expect(rows.every((r) => /^__main__:agent_turns:\d+$/.test(r.code_location))).toBe(true);
    expect(rows[9].message).toMatch(/^exception: could not split the bill\nTraceback \(most recent call last\):\n[\s\S]*ZeroDivisionError: division by zero$/);
    // Written as local time without a zone: read in New York, 5 hours behind UTC in December.
    const written = /^(\S+ \S+)/.exec(lines[0])![1];
    expect((rows[0].wall_time as Date).toISOString()).toBe(new Date(Date.parse(`${written.replace(" ", "T")}Z`) + 5 * 3600_000).toISOString());
  });
});

describe("the Cartesia client, as careful as the official SDK", () => {
  const client = (options: Partial<Parameters<typeof cartesiaClient>[0]> = {}) =>
    cartesiaClient({ apiKey: fake.key, baseUrl: fake.url, version: "2026-08-14", sleep: async (ms) => void slept.push(ms), random: () => 0, ...options });

  it("gives each attempt its own timeout, retries one that timed out, and says so when every attempt did", async () => {
    fake.delayMs = 400;
    slept.length = 0;
    const error = await client({ timeoutMs: 100, maxAttempts: 2 })
      .listAgents()
      .catch((e: unknown) => e);
    fake.delayMs = 0;
    expect(error).toBeInstanceOf(CartesiaError);
    expect((error as Error).message).toMatch(/no answer within 0\.1 s/);
    expect(slept).toEqual([500]);
    // Within the timeout, the same request succeeds.
    fake.delayMs = 50;
    await expect(client({ timeoutMs: 2000 }).listAgents()).resolves.toBeInstanceOf(Array);
    fake.delayMs = 0;
  });

  it("retries 408 and 409 with backoff, waits retry-after-ms, Retry-After in seconds and as an HTTP-date", async () => {
    slept.length = 0;
    fake.failures.push(
      { path: /^\/agents$/, status: 408, times: 1 },
      { path: /^\/agents$/, status: 409, times: 1 },
      { path: /^\/agents$/, status: 503, times: 1, headers: { "retry-after-ms": "250" }, retryAfter: 9 },
      { path: /^\/agents$/, status: 429, times: 1, retryAfter: 2 },
      { path: /^\/agents$/, status: 429, times: 1, retryAfter: new Date(Date.now() + 20_000).toUTCString() },
    );
    await expect(client().listAgents()).resolves.toBeInstanceOf(Array);
    expect(slept.slice(0, 4)).toEqual([500, 1000, 250, 2000]);
    // An HTTP-date: the time until then (whole seconds), capped at 60 s.
    expect(slept[4]).toBeGreaterThan(15_000);
    expect(slept[4]).toBeLessThanOrEqual(20_000);
    expect(slept).toHaveLength(5);
  });

  it("obeys x-should-retry: false forbids a retry of a 500, true forces one of a 400", async () => {
    slept.length = 0;
    fake.failures.push({ path: /^\/agents$/, status: 500, times: 1, headers: { "x-should-retry": "false" }, message: "do not retry" });
    const error = await client()
      .listAgents()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CartesiaError);
    expect(error).not.toBeInstanceOf(CartesiaRequestError);
    expect((error as Error).message).toMatch(/500.*do not retry/);
    expect(slept).toEqual([]);
    fake.failures.push({ path: /^\/agents$/, status: 400, times: 1, headers: { "x-should-retry": "true" } });
    await expect(client().listAgents()).resolves.toBeInstanceOf(Array);
    expect(slept).toEqual([500]);
  });

  it("sends User-Agent callscope/<version> and Cartesia-Version 2026-08-14 by default", async () => {
    const from = fake.headers.length;
    await client({ version: parseEnv({}).CARTESIA_VERSION }).listAgents();
    expect(fake.headers[from]["user-agent"]).toBe(`callscope/${pkg.version}`);
    expect(fake.headers[from]["cartesia-version"]).toBe("2026-08-14");
  });

  it("reads both status vocabularies into the same statuses: started (2026-08-14) and active (older) are one", async () => {
    const agent = `st${Date.now().toString(36)}`;
    const [a, b, c, d] = apiCalls(agent, 4);
    fake.calls.push(
      { ...a, status: "started", end_time: null },
      { ...b, status: "active", end_time: null },
      { ...c, status: "cancelled" },
      { ...d, status: "created", end_time: null },
    );
    const from = fake.requests.length;
    await syncFromCartesia(deps(), { agentId: agent });
    const rows = await query("select id, status from calls where agent_id = $1 order by id", [agent]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [a.id]: "started", [b.id]: "started", [c.id]: "cancelled", [d.id]: "created" });
    // Only the finished one is enriched (recording and logs fetched).
    const enriched = fake.requests.slice(from).filter((r) => /\/agents\/calls\/[^/?]+\/(audio|logs)$/.test(r));
    expect(enriched.every((r) => r.includes(c.id))).toBe(true);
    expect(enriched).toHaveLength(2);
  });

  it("keeps Line's nested and non-string shapes in a synced transcript: metadata nested or null, any arguments, any metric value", async () => {
    const agent = `shapes${Date.now().toString(36)}`;
    const [call] = apiCalls(agent, 1);
    fake.calls.push({ ...call, transcript: fixture<object[]>("cartesia-api/transcript-line-shapes.json") });
    await syncFromCartesia(deps(), { agentId: agent });
    const res = await fetch(`${inject("baseUrl")}/api/v1/calls/${call.id}`, { headers: { authorization: `Bearer ${inject("adminKey")}` } });
    expect(res.status).toBe(200);
    expectLineShapes(await res.json());
  });
});

describe("what Cartesia deletes, and fields Cartesia sends", () => {
  it("stores a recording only under an audio type, as uploads are, whatever Content-Type Cartesia sent", async () => {
    const agent = `ct${Date.now().toString(36)}`;
    const [html, parameterised] = apiCalls(agent, 2);
    fake.calls.push(html, parameterised);
    const wav = synthesizeWav([{ role: "assistant", startS: 0.2, endS: 0.8 }], 1);
    fake.audio.set(html.id, Buffer.from("<script>alert(1)</script>"));
    fake.audioTypes.set(html.id, "text/html; charset=utf-8");
    fake.audio.set(parameterised.id, wav);
    fake.audioTypes.set(parameterised.id, "Audio/WAV; codecs=1");
    await syncFromCartesia(deps(), { agentId: agent });
    const rows = await query(
      "select c.id, c.recording_status, r.content_type from calls c left join recordings r on r.call_id = c.id where c.agent_id = $1 order by c.id",
      [agent],
    );
    expect(rows).toEqual(
      [
        { id: html.id, recording_status: "unavailable", content_type: null },
        { id: parameterised.id, recording_status: "stored", content_type: "audio/wav" },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it("deletes Callscope's copies when a re-sync finds the call redacted; the record stays and latency stops counting it", async () => {
    const agent = `q${Date.now().toString(36)}`;
    const [call] = apiCalls(agent, 1);
    const full = {
      ...call,
      telephony_params: { from: "+15555550142", to: "+15555550199", call_sid: "CA0123456789abcdef", direction: "inbound", connection_type: "pstn" },
      metadata: { customer: "c-17" },
      deployment_version_id: "depv_7",
      deployment_region: "us-west",
      batch_id: `batch_${agent}`,
    };
    fake.calls.push(full);
    fake.audio.set(call.id, synthesizeWav([{ role: "assistant", startS: 0.5, endS: 1.5 }], 2));
    fake.logs.set(call.id, ["2025-07-01 10:00:02,000 INFO  hello"]);
    await syncFromCartesia(deps(), { agentId: agent });
    const before = await (await fetch(`${inject("baseUrl")}/api/v1/calls/${call.id}`, { headers: { authorization: `Bearer ${inject("adminKey")}` } })).json();
    expect(before).toMatchObject({
      deployment_version_id: "depv_7",
      deployment_region: "us-west",
      batch_id: `batch_${agent}`,
      zdr_enabled: false,
      redacted_at: null,
      metadata: { customer: "c-17" },
      telephony_params: { call_sid: "CA0123456789abcdef", direction: "inbound", connection_type: "pstn" },
      recording_status: "stored",
    });
    expect(before.transcript.length).toBeGreaterThan(0);
    expect(before.events.length).toBeGreaterThan(0);
    const storageKey = (await query("select storage_key from recordings where call_id = $1", [call.id]))[0].storage_key;

    // Cartesia deletes the call's content; the record stays, with redacted_at.
    const redacted = {
      ...call,
      redacted_at: "2025-07-02T09:00:00Z",
      transcript: undefined,
      summary: undefined,
      telephony_params: undefined,
      metadata: undefined,
    };
    fake.calls.splice(fake.calls.indexOf(full), 1, redacted);
    fake.audio.delete(call.id);
    fake.logs.delete(call.id);
    const storage = deps().storage;
    await syncFromCartesia({ ...deps(), storage }, { agentId: agent });
    const after = await (await fetch(`${inject("baseUrl")}/api/v1/calls/${call.id}`, { headers: { authorization: `Bearer ${inject("adminKey")}` } })).json();
    expect(after).toMatchObject({
      id: call.id,
      status: "completed",
      redacted_at: "2025-07-02T09:00:00Z",
      summary: null,
      metadata: null,
      telephony_params: null,
      recording: null,
      transcript: [],
      events: [],
    });
    expect(after.content_deleted).toMatchObject({ by: "cartesia", reason: "cartesia_redacted" });
    expect(await query("select count(*)::int as n from turns where call_id = $1", [call.id])).toEqual([{ n: 0 }]);
    expect(await query("select from_number, to_number, search_vector from calls where id = $1", [call.id])).toEqual([
      { from_number: null, to_number: null, search_vector: null },
    ]);
    const raw = await query("select payload::text as p from webhook_deliveries where call_id = $1", [call.id]);
    for (const r of raw) expect(r.p).not.toContain("Pizzeria");
    expect(storageKey).toBeTruthy();
    // A third sync changes nothing.
    await syncFromCartesia(deps(), { agentId: agent });
    expect(await query("select count(*)::int as n from call_events where call_id = $1", [call.id])).toEqual([{ n: 0 }]);
  });

  it("shows a zero-data-retention call as such, and fetches nothing for it", async () => {
    const agent = `r${Date.now().toString(36)}`;
    const [call] = apiCalls(agent, 1);
    fake.calls.push({ ...call, zdr_enabled: true, transcript: [] });
    const from = fake.requests.length;
    await syncFromCartesia(deps(), { agentId: agent });
    expect(fake.requests.slice(from).filter((r) => r.includes(`/agents/calls/${call.id}/`))).toEqual([]);
    const json = await (await fetch(`${inject("baseUrl")}/api/v1/calls/${call.id}`, { headers: { authorization: `Bearer ${inject("adminKey")}` } })).json();
    expect(json).toMatchObject({ zdr_enabled: true, recording_status: "unavailable" });
  });
});

describe("web calls, redacted calls and call batches", () => {
  const api = async (p: string) => {
    const res = await fetch(`${inject("baseUrl")}${p}`, { headers: { authorization: `Bearer ${inject("adminKey")}` } });
    return { status: res.status, body: await res.json() };
  };

  it("keeps telephony_params that carry only call_sid and connection_type (a web call)", async () => {
    const agent = `w${Date.now().toString(36)}`;
    const [call] = apiCalls(agent, 1);
    fake.calls.push({ ...call, telephony_params: { call_sid: "WEB-7f3a", connection_type: "web" } });
    await syncFromCartesia(deps(), { agentId: agent });
    const { body } = await api(`/api/v1/calls/${call.id}`);
    expect(body.telephony_params).toEqual({ call_sid: "WEB-7f3a", connection_type: "web" });
  });

  it("after Cartesia redacts a call, keeps what Cartesia keeps of its telephony", async () => {
    const agent = `x${Date.now().toString(36)}`;
    const [call] = apiCalls(agent, 1);
    const full = { ...call, telephony_params: { from: "+15555550142", to: "+15555550199", call_sid: "CA77", connection_type: "pstn", direction: "inbound" } };
    fake.calls.push(full);
    await syncFromCartesia(deps(), { agentId: agent });
    const kept = { from: null, to: null, call_sid: "CA77", connection_type: "pstn", direction: "inbound" };
    fake.calls.splice(fake.calls.indexOf(full), 1, { ...call, redacted_at: "2025-07-02T09:00:00Z", transcript: undefined, telephony_params: kept });
    await syncFromCartesia(deps(), { agentId: agent });
    const { body } = await api(`/api/v1/calls/${call.id}`);
    expect(body).toMatchObject({ redacted_at: "2025-07-02T09:00:00Z", telephony_params: kept, transcript: [] });
    expect(await query("select from_number, to_number from calls where id = $1", [call.id])).toEqual([{ from_number: null, to_number: null }]);
  });

  it("syncs batches with their names, statuses and counts, fetches each new or changed one whole, and serves them", async () => {
    const agent = `y${Date.now().toString(36)}`;
    const calls = apiCalls(agent, 3).map((c, i) => ({ ...c, batch_id: i < 2 ? `batch_a_${agent}` : `batch_old_${agent}` }));
    fake.calls.push(...calls);
    const batch = (id: string, name: string, status: string, finished: number, created: string) => ({
      id,
      name,
      agent_id: agent,
      from_number_id: "pn_1",
      region: "us-west",
      target_concurrency_limit: 5,
      status,
      total_calls_scheduled: 10,
      total_calls_dispatched: 4,
      total_calls_finished: finished,
      retry_count: 0,
      created_at: created,
      last_updated_at: created,
      recipients: [{ id: `r_${id}`, to_number: "+15555550100", status: "completed", agent_call_id: calls[0].id }],
    });
    fake.batches.push(batch(`batch_a_${agent}`, "July renewals", "in_progress", 2, "2025-07-01T09:00:00Z"));
    fake.batches.push(batch(`batch_b_${agent}`, "No calls yet", "pending", 0, "2025-07-01T08:00:00Z"));
    // The third batch is another agent's in Cartesia's list: only the calls name it, so it is fetched on its own.
    fake.batches.push({ ...batch(`batch_old_${agent}`, "Spring", "completed", 10, "2025-04-01T08:00:00Z"), agent_id: `other_${agent}` });
    const from = fake.requests.length;
    const progress = await syncFromCartesia(deps(), { agentId: agent });
    expect(progress.batches).toBe(3);
    const requests = fake.requests.slice(from);
    expect(requests).toContain(`GET /agents/calls/batches?limit=100&agent_id=${agent}`);
    expect(requests.filter((r) => r.startsWith("GET /agents/calls/batches/")).sort()).toEqual(
      [`GET /agents/calls/batches/batch_a_${agent}`, `GET /agents/calls/batches/batch_b_${agent}`, `GET /agents/calls/batches/batch_old_${agent}`].sort(),
    );

    const list = await api(`/api/v1/batches?agent_id=${agent}`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((b: Record<string, unknown>) => [b.id, b.name, b.status, b.total_calls_finished, b.calls])).toEqual([
      [`batch_a_${agent}`, "July renewals", "in_progress", 2, 2],
      [`batch_b_${agent}`, "No calls yet", "pending", 0, 0],
    ]);
    expect(list.body.data[0]).toMatchObject({ region: "us-west", total_calls_scheduled: 10, created_at: "2025-07-01T09:00:00.000Z" });
    expect(list.body.data[0].recipients).toBeUndefined();
    const one = await api(`/api/v1/batches/batch_a_${agent}`);
    expect(one.body).toMatchObject({
      name: "July renewals",
      recipients: [{ id: `r_batch_a_${agent}`, agent_call_id: calls[0].id }],
      outcomes: { by_status: [{ key: "completed", calls: 2 }] },
    });
    expect((await api(`/api/v1/batches/batch_old_${agent}`)).body).toMatchObject({ name: "Spring", status: "completed", calls: 1 });
    expect((await api(`/api/v1/batches/nope_${agent}`)).status).toBe(404);

    // A second sync: nothing changed, nothing fetched whole again.
    const again = fake.requests.length;
    expect((await syncFromCartesia(deps(), { agentId: agent })).batches).toBe(0);
    expect(fake.requests.slice(again).filter((r) => r.startsWith("GET /agents/calls/batches/"))).toEqual([]);
    // The batch moves on at Cartesia: it is fetched and stored again.
    Object.assign(
      fake.batches.find((b) => b.id === `batch_a_${agent}`)!,
      { status: "completed", total_calls_finished: 10, last_updated_at: "2025-07-01T11:00:00Z" },
    );
    expect((await syncFromCartesia(deps(), { agentId: agent })).batches).toBe(1);
    expect((await api(`/api/v1/batches/batch_a_${agent}`)).body).toMatchObject({ status: "completed", total_calls_finished: 10, recipients: [{}] });
  });

  it("the fake refuses what Cartesia refuses of List Call Batches: limit over 100, an unknown starting_after; and 404s an unknown batch", async () => {
    const ok = { authorization: `Bearer ${fake.key}`, "Cartesia-Version": "2026-08-14" };
    expect((await fetch(`${fake.url}/agents/calls/batches?limit=101`, { headers: ok })).status).toBe(400);
    expect((await fetch(`${fake.url}/agents/calls/batches?limit=10&starting_after=nope`, { headers: ok })).status).toBe(400);
    expect((await fetch(`${fake.url}/agents/calls/batches/nope`, { headers: ok })).status).toBe(404);
    expect((await fetch(`${fake.url}/agents/calls/batches?limit=10`, { headers: { ...ok, "Cartesia-Version": "2099-01-01" } })).status).toBe(400);
  });
});

describe("Cartesia's evaluations", () => {
  it("syncs metrics and results; shows them per call, filters calls by them, and gives pass rates per agent and deployment", async () => {
    const agent = `s${Date.now().toString(36)}`;
    const [v1, v2] = [`dep_eval_a_${agent}`, `dep_eval_b_${agent}`];
    fake.deployments.set(agent, [
      { ...fixture("cartesia-api/deployment.json"), id: v1, agent_id: agent, created_at: "2025-06-01T00:00:00Z" },
      { ...fixture("cartesia-api/deployment.json"), id: v2, agent_id: agent, created_at: "2025-06-20T00:00:00Z" },
    ]);
    const calls = apiCalls(agent, 40).map((c, i) => ({ ...c, deployment_id: i < 20 ? v2 : v1 }));
    fake.calls.push(...calls);
    fake.metrics.push({
      id: `metric_resolved_${agent}`,
      name: `resolved_${agent}`,
      display_name: "Resolved",
      prompt: "Was the caller's request resolved?",
      created_at: "2025-05-01T00:00:00Z",
    });
    // Before (v1): 18 of 20 resolved; after (v2): 6 of 20, and one not computed.
    calls.forEach((c, i) => {
      const v2Call = i < 20;
      fake.metricResults.push({
        id: `mr_${agent}_${i}`,
        metricId: `metric_resolved_${agent}`,
        metricName: `resolved_${agent}`,
        agentId: agent,
        callId: c.id,
        deploymentId: c.deployment_id,
        runId: `run_${i}`,
        summary: "a copy of the summary",
        transcript: [{ role: "user", text: "a copy of the transcript" }],
        result: '{"resolved": false}',
        jsonResult: { reasoning: `call ${i}` },
        value: v2Call ? i < 6 : i < 38,
        status: v2Call && i === 19 ? "failed" : "completed",
        createdAt: new Date(Date.UTC(2025, 6, 1, 11, 0, i)).toISOString(),
      });
    });
    fake.pageSize = 15;
    const progress = await syncFromCartesia(deps(), { agentId: agent });
    fake.pageSize = 100;
    expect(progress.evaluations).toBe(40);
    expect(await query("select count(*)::int as n from evaluation_results where agent_id = $1", [agent])).toEqual([{ n: 40 }]);
    expect(JSON.stringify(await query("select * from evaluation_results where agent_id = $1", [agent]))).not.toContain("a copy of the transcript");
    expect(await query("select display_name from evaluation_metrics where id = $1", [`metric_resolved_${agent}`])).toEqual([{ display_name: "Resolved" }]);

    const get = async (path: string) => (await fetch(`${inject("baseUrl")}${path}`, { headers: { authorization: `Bearer ${inject("adminKey")}` } })).json();
    const call = await get(`/api/v1/calls/${calls[25].id}`);
    expect(call.evaluations).toEqual([
      expect.objectContaining({
        metric_name: `resolved_${agent}`,
        display_name: "Resolved",
        value: true,
        status: "completed",
        json_result: { reasoning: "call 25" },
      }),
    ]);
    const failedCalls = await get(`/api/v1/calls?agent_id=${agent}&eval=resolved_${agent}&eval_value=false&limit=200`);
    expect(failedCalls.data).toHaveLength(13 + 2);
    const notComputed = await get(`/api/v1/calls?agent_id=${agent}&eval=resolved_${agent}&eval_value=failed`);
    expect(notComputed.data.map((c: { id: string }) => c.id)).toEqual([calls[19].id]);

    const figures = await get(`/api/v1/evaluations?agent_id=${agent}`);
    expect(figures.by_agent).toEqual([expect.objectContaining({ agent_id: agent, metric: `resolved_${agent}`, kind: "pass_rate", n: 39, failed: 1 })]);
    expect(figures.by_agent[0].value).toBeCloseTo(24 / 39, 10);
    const after = figures.by_deployment.find((d: { deployment_id: string }) => d.deployment_id === v2);
    expect(after).toMatchObject({ previous_deployment_id: v1, n: 19, value: 6 / 19 });
    expect(after.change.change).toBeCloseTo(6 / 19 - 18 / 20, 10);
    expect(after.change.significant).toBe(true);
    expect(after.change.high).toBeLessThan(0);

    const again = await syncFromCartesia(deps(), { agentId: agent });
    expect(again.evaluations).toBe(0);
  });
});

describe("enrichment and syncs in the background", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CARTESIA_API_KEY: fake.key, CARTESIA_API_URL: fake.url } });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it("fetches a finished call's recording and logs after its webhook, and runs a sync started over the API", async () => {
    const agent = `e${Date.now().toString(36)}`;
    const [call] = apiCalls(agent, 1);
    fake.calls.push(call);
    const wav = synthesizeWav([{ role: "user", startS: 0.2, endS: 1 }], 1.5);
    fake.audio.set(call.id, wav);
    fake.logs.set(call.id, ["2025-07-01 10:00:01,000 INFO  agent started"]);
    const completed = fixture("webhooks/call_completed.seed.json");
    const res = await fetch(`${stack.baseUrl}/api/webhooks/cartesia`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-webhook-secret": "whsec_test_0123456789abcdefghijklmnop" },
      body: JSON.stringify({ ...completed, request_id: call.id, agent_id: agent }),
    });
    expect(res.status).toBe(200);
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      const pending = await client.query("select recording_status from calls where id = $1", [call.id]);
      expect(["pending", "stored"]).toContain(pending.rows[0].recording_status);
      let status = "";
      for (let i = 0; i < 60 && status !== "stored"; i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = (await client.query("select recording_status from calls where id = $1", [call.id])).rows[0].recording_status;
      }
      expect(status).toBe("stored");
      const recording = await client.query("select sha256, source from recordings where call_id = $1", [call.id]);
      expect(recording.rows[0]).toEqual({ sha256: sha(wav), source: "cartesia" });
      const call2 = await client.query("select deployment_id, start_time_source from calls where id = $1", [call.id]);
      expect(call2.rows[0]).toEqual({ deployment_id: `dep_sync_${agent}`, start_time_source: "call" });

      const other = `f${Date.now().toString(36)}`;
      fake.calls.push(...apiCalls(other, 3));
      const started = await api("POST", "/api/v1/sync", { agent_id: other });
      expect(started.status).toBe(202);
      const { id } = await started.json();
      let job: any = null;
      for (let i = 0; i < 60 && job?.status !== "done"; i++) {
        await new Promise((r) => setTimeout(r, 250));
        job = await (await fetch(`${stack.baseUrl}/api/v1/sync/${id}`, { headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}` } })).json();
      }
      expect(job, JSON.stringify(job)).toMatchObject({ status: "done", progress: { calls: 3 } });
      expect((await client.query("select count(*)::int as n from calls where agent_id = $1", [other])).rows[0].n).toBe(3);

      // The same from the command line, as a real process.
      const cliAgent = `g${Date.now().toString(36)}`;
      fake.calls.push(...apiCalls(cliAgent, 2));
      const { execFile } = await import("node:child_process");
      const out = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [path.resolve(import.meta.dirname, "../../bin/callscope.mjs"), "sync", "--agent", cliAgent],
          {
            env: { ...process.env, CALLSCOPE_URL: stack.baseUrl, CALLSCOPE_API_KEY: TEST_ADMIN_API_KEY },
          },
          (error, _stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
        ),
      );
      expect(out.code).toBe(0);
      expect(out.stderr).toContain("Synced 2 calls");
    } finally {
      await client.end();
    }
  });

  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  async function waitFor(id: string, statuses: string[]) {
    let job: any = null;
    for (let i = 0; i < 80 && !statuses.includes(job?.status); i++) {
      await new Promise((r) => setTimeout(r, 250));
      job = await (await api("GET", `/api/v1/sync/${id}`)).json();
    }
    return job;
  }

  it("fails a sync that Cartesia refuses at once, with Cartesia's message, in the API and the CLI", async () => {
    const right = fake.key;
    fake.key = "sk_car_rotated";
    try {
      const started = await api("POST", "/api/v1/sync", { agent_id: `n${Date.now().toString(36)}` });
      const { id } = await started.json();
      const job = await waitFor(id, ["failed", "done"]);
      expect(job).toMatchObject({ status: "failed", attempts: 1 });
      expect(job.error).toMatch(/401/);
      const { execFile } = await import("node:child_process");
      const out = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [path.resolve(import.meta.dirname, "../../bin/callscope.mjs"), "sync", "--agent", `o${Date.now().toString(36)}`],
          {
            env: { ...process.env, CALLSCOPE_URL: stack.baseUrl, CALLSCOPE_API_KEY: TEST_ADMIN_API_KEY },
          },
          (error, _stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
        ),
      );
      expect(out.code).not.toBe(0);
      expect(out.stderr).toMatch(/The sync failed: .*401/);
    } finally {
      fake.key = right;
    }
  });

  it("answers a sync of other parameters with a job of its own, and cancels a running sync", async () => {
    const agent = `p${Date.now().toString(36)}`;
    fake.calls.push(...apiCalls(agent, 40));
    fake.delayMs = 100;
    try {
      const first = await (await api("POST", "/api/v1/sync", { agent_id: agent })).json();
      const same = await (await api("POST", "/api/v1/sync", { agent_id: agent })).json();
      const other = await (await api("POST", "/api/v1/sync", { agent_id: agent, limit: 3 })).json();
      expect(same.id).toBe(first.id);
      expect(other.id).not.toBe(first.id);
      expect((await (await api("GET", `/api/v1/sync/${other.id}`)).json()).parameters).toEqual({ agent_id: agent, limit: 3 });
      await waitFor(first.id, ["running"]);
      const cancelled = await api("DELETE", `/api/v1/sync/${first.id}`);
      expect(cancelled.status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      const job = await (await api("GET", `/api/v1/sync/${first.id}`)).json();
      expect(job.status).toBe("cancelled");
      const stoppedAt = job.progress?.calls ?? 0;
      expect(stoppedAt).toBeLessThan(40);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await (await api("GET", `/api/v1/sync/${first.id}`)).json()).progress?.calls ?? 0).toBe(stoppedAt);
      expect((await api("DELETE", `/api/v1/sync/${first.id}`)).status).toBe(409);

      // Each start (the same sync asked again too) and the one cancel that took effect are in the audit log, with who and when.
      const audit = async (action: string, target: string) =>
        (await (await api("GET", `/api/v1/audit?action=${action}&target=${target}`)).json()).data as {
          at: string;
          actor: { kind: string; name: string };
          details: unknown;
        }[];
      const started = await audit("sync.started", first.id);
      expect(started).toHaveLength(2);
      expect(started[0]).toMatchObject({ actor: { kind: "key" }, details: { agent_id: agent } });
      expect(Date.now() - new Date(started[0].at).getTime()).toBeLessThan(60_000);
      expect(await audit("sync.started", other.id)).toEqual([expect.objectContaining({ details: { agent_id: agent, limit: 3 } })]);
      const cancelledEntries = await audit("sync.cancelled", first.id);
      expect(cancelledEntries).toEqual([expect.objectContaining({ actor: expect.objectContaining({ kind: "key" }) })]);
    } finally {
      fake.delayMs = 0;
    }
  });
});
