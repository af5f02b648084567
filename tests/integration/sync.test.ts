import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase } from "@/lib/db/create-client";
import { synthesizeWav } from "@/lib/demo/synthesize-wav";
import { localStorage } from "@/lib/recordings/storage";
import { CartesiaAuthError, cartesiaClient } from "@/lib/sync/cartesia-client";
import { type SyncDeps, syncFromCartesia } from "@/lib/sync/sync-from-cartesia";
import { query } from "../support/db";
import { fixture } from "../support/http";
import { type FakeCartesia, startFakeCartesia } from "../support/fake-cartesia";
import { type Stack, startStack, TEST_ADMIN_API_KEY } from "../support/stack";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
let fake: FakeCartesia;
let database: ReturnType<typeof createDatabase>;
const slept: number[] = [];

function deps(key = fake.key): SyncDeps {
  return {
    pool: database.pool,
    db: database.db,
    client: cartesiaClient({ apiKey: key, baseUrl: fake.url, version: "2026-03-01", sleep: async (ms) => void slept.push(ms) }),
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
    calls: await query("select id, status, turn_count, start_time, deployment_id, recording_status, summary from calls where agent_id = $1 order by id", [agent]),
    turns: await query("select t.call_id, t.role, t.text, t.tts_ttfb, t.stt_ttfb from turns t join calls c on c.id = t.call_id where c.agent_id = $1 order by t.call_id, t.position", [agent]),
    events: await query("select e.call_id, e.kind, e.name, e.value, e.message, e.level from call_events e join calls c on c.id = e.call_id where c.agent_id = $1 order by e.call_id, e.kind, e.external_id", [agent]),
    recordings: await query("select r.call_id, r.sha256, r.bytes::int, r.source from recordings r join calls c on c.id = r.call_id where c.agent_id = $1 order by r.call_id", [agent]),
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
    expect(events.map((e) => [e.kind, e.name ?? e.level])).toEqual([["log", "info"], ["log", "info"], ["log", "warning"], ["log_event", "intent_detected"], ["log_metric", "lookup_ms"]]);
    expect(first.recordings).toEqual([{ call_id: calls[0].id, sha256: sha(wav), bytes: wav.length, source: "cartesia" }]);
    expect(first.deployments).toEqual([{ id: `dep_sync_${agent}`, status: "deployed", git_commit_hash: "9b3e7d2", build_logs: expect.stringContaining("Health check passed") }]);

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
      body: JSON.stringify({ ...webhook, request_id: call.id, agent_id: agent, call: { ...webhook.call, id: call.id, agent_id: agent, deployment_id: `dep_sync_${agent}` } }),
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
      const started = await fetch(`${stack.baseUrl}/api/v1/sync`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ agent_id: other }),
      });
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
        execFile(process.execPath, [path.resolve(import.meta.dirname, "../../bin/callscope.mjs"), "sync", "--agent", cliAgent], {
          env: { ...process.env, CALLSCOPE_URL: stack.baseUrl, CALLSCOPE_API_KEY: TEST_ADMIN_API_KEY },
        }, (error, _stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr })),
      );
      expect(out.code).toBe(0);
      expect(out.stderr).toContain("Synced 2 calls");
    } finally {
      await client.end();
    }
  });
});
