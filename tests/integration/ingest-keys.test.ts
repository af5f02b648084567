// What an ingest key can do: write, and learn only what became of its write;
// never replace a stored recording (an admin key may, with ?replace=true,
// and the audit log keeps it); and, bound to agents, nothing for any other
// agent's calls or deployments.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { query } from "../support/db";
import { adminKey, api, baseUrl, fixture, newCallId, postWebhook, putDeployment } from "../support/http";

const CLI = path.resolve(import.meta.dirname, "../../bin/callscope.mjs");
let ingestKey: string;

async function createKey(body: Record<string, unknown>) {
  const res = await api("POST", "/api/v1/keys", { body: JSON.stringify(body), type: "application/json" });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { id: string; key: string; agent_ids: string[] };
}

/** The recording files kept for a call, in the data folder. */
function filesOf(callId: string) {
  const prefix = createHash("sha256").update(callId).digest("hex");
  try {
    return readdirSync(path.join(inject("dataDir"), "recordings", prefix.slice(0, 2))).filter((f) => f.startsWith(prefix));
  } catch {
    return [];
  }
}

async function callOfAgent(agent: string) {
  const id = newCallId();
  expect((await postWebhook({ ...fixture("webhooks/call_completed.seed.json"), request_id: id, agent_id: agent })).status).toBe(200);
  return id;
}

beforeAll(async () => {
  ingestKey = (await createKey({ label: "agent", role: "ingest" })).key;
});

describe("ingest keys are write-only", () => {
  it("answer a deployment write with its id and status only, never the stored deployment", async () => {
    const id = `dep_wo_${Date.now().toString(36)}`;
    const first = await putDeployment(
      id,
      { agent_id: "agent_wo", status: "deployed", build_logs: "secret build output\n", build_error: "token=abc" },
      ingestKey,
    );
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ id, status: "created" });
    const again = await putDeployment(id, {}, ingestKey);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ id, status: "updated" });
    // An admin still gets the deployment back.
    const admin = await putDeployment(id, {});
    expect(admin.json).toMatchObject({ id, build_logs: "secret build output\n", build_error: "token=abc" });
  });

  it("answer telemetry and log writes without saying what was stored before", async () => {
    const id = newCallId();
    const body = JSON.stringify([{ type: "log_event", event: "e", id: "once" }]);
    await api("POST", `/api/v1/calls/${id}/events`, { body, type: "application/json", key: ingestKey });
    const again = await api("POST", `/api/v1/calls/${id}/events`, { body, type: "application/json", key: ingestKey });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ id, status: "stored", received: 1, accepted: 1, failed: [], failed_count: 0 });
    const logs = await api("POST", `/api/v1/deployments/dep_wo_logs/logs`, { body: "line\n", type: "text/plain", key: ingestKey });
    expect(logs.json).toEqual({ id: "dep_wo_logs", status: "stored", appended: 1 });
  });

  it("never replace a stored recording; an admin key may with ?replace=true, and the audit log says so", async () => {
    const id = newCallId();
    const put = (body: string, key: string, search = "") =>
      api("PUT", `/api/v1/calls/${id}/recording${search}`, { body: new TextEncoder().encode(body), type: "audio/mpeg", key });
    const first = await put("first recording", ingestKey);
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ id, status: "stored" });

    const second = await put("second recording", ingestKey);
    expect(second.status).toBe(409);
    expect(second.json.error.message).toContain("already has a recording");
    expect((await put("second recording", ingestKey, "?replace=true")).status).toBe(403);
    expect((await put("second recording", adminKey())).status).toBe(409);
    expect((await api("GET", `/api/v1/calls/${id}/recording`)).buffer.toString()).toBe("first recording");
    // Nothing of the refused uploads is left in storage.
    expect(filesOf(id)).toHaveLength(1);

    const replaced = await put("third recording", adminKey(), "?replace=true");
    expect(replaced.status).toBe(201);
    expect(replaced.json).toMatchObject({ replaced: true });
    expect((await api("GET", `/api/v1/calls/${id}/recording`)).buffer.toString()).toBe("third recording");
    expect(filesOf(id)).toHaveLength(1);
    const audit = await query("select action, actor_kind, target_id from audit_events where action = 'recording.replaced' and target_id = $1", [id]);
    expect(audit).toEqual([{ action: "recording.replaced", actor_kind: "key", target_id: id }]);
  });
});

describe("ingest keys bound to agents", () => {
  it("are made by the API, `callscope keys create --agent` and `npm run keys -- create --agent`, and listed with their agents", async () => {
    const made = await createKey({ label: "bound", role: "ingest", agent_ids: ["agent_a", "agent_b"] });
    expect(made.agent_ids).toEqual(["agent_a", "agent_b"]);
    const refused = await api("POST", "/api/v1/keys", {
      body: JSON.stringify({ label: "x", role: "member", agent_ids: ["agent_a"] }),
      type: "application/json",
    });
    expect(refused.status).toBe(422);

    const cli = spawnSync(process.execPath, [CLI, "keys", "create", "--label", "cli bound", "--agent", "agent_c", "--agent", "agent_d"], {
      env: { ...process.env, CALLSCOPE_URL: baseUrl(), CALLSCOPE_API_KEY: adminKey() },
      encoding: "utf8",
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stderr).toContain("for the agents agent_c, agent_d");

    const script = spawnSync(
      process.execPath,
      [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/keys.ts", "create", "--label", "script bound", "--agent", "agent_e,agent_f"],
      {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
        encoding: "utf8",
      },
    );
    expect(script.status, script.stderr).toBe(0);
    expect(script.stderr).toContain("for the agents agent_e, agent_f");

    const list = await api("GET", "/api/v1/keys");
    const byLabel = Object.fromEntries((list.json.data as { label: string; agent_ids: string[] }[]).map((k) => [k.label, k.agent_ids]));
    expect(byLabel).toMatchObject({ bound: ["agent_a", "agent_b"], "cli bound": ["agent_c", "agent_d"], "script bound": ["agent_e", "agent_f"] });
  });

  it("are refused with 403 for another agent's calls and deployments, and write their own", async () => {
    const key = (await createKey({ label: "agent_a only", role: "ingest", agent_ids: ["agent_scope_a"] })).key;
    const own = await callOfAgent("agent_scope_a");
    const other = await callOfAgent("agent_scope_b");
    const event = JSON.stringify({ type: "log_event", event: "hello" });

    expect((await api("POST", `/api/v1/calls/${own}/events`, { body: event, type: "application/json", key })).status).toBe(200);
    const refused = await api("POST", `/api/v1/calls/${other}/events`, { body: event, type: "application/json", key });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain("agent_scope_a");
    expect((await api("POST", `/api/v1/calls/${other}/logs`, { body: "a line", type: "text/plain", key })).status).toBe(403);
    const audio = new TextEncoder().encode("audio");
    expect((await api("PUT", `/api/v1/calls/${other}/recording`, { body: audio, type: "audio/mpeg", key })).status).toBe(403);
    expect(await query("select count(*)::int as n from call_events where call_id = $1 and name = 'hello'", [other])).toEqual([{ n: 0 }]);
    expect(filesOf(other)).toEqual([]);

    // A call no webhook has placed under an agent yet is open to it.
    expect((await api("POST", `/api/v1/calls/${newCallId()}/events`, { body: event, type: "application/json", key })).status).toBe(200);

    const deployment = (agent: string) => ({ agent_id: agent, status: "deployed" });
    const dep = `dep_scope_${Date.now().toString(36)}`;
    expect((await putDeployment(dep, deployment("agent_scope_b"), key)).status).toBe(403);
    expect((await putDeployment(dep, deployment("agent_scope_b"))).status).toBe(201);
    expect((await putDeployment(dep, {}, key)).status).toBe(403);
    expect((await api("POST", `/api/v1/deployments/${dep}/logs`, { body: "line", type: "text/plain", key })).status).toBe(403);
    const mine = `dep_mine_${Date.now().toString(36)}`;
    expect((await putDeployment(mine, deployment("agent_scope_a"), key)).status).toBe(201);
  });
});

describe("a key found is remembered for a few seconds", () => {
  const events = async (key: string, callId: string) =>
    (await api("POST", `/api/v1/calls/${callId}/events`, { body: JSON.stringify({ type: "log_event", event: "remembered" }), type: "application/json", key }))
      .status;

  it("works at once when new, stops at once when revoked here, and within five seconds when revoked elsewhere", async () => {
    const callId = newCallId();
    const first = await createKey({ label: "remembered", role: "ingest" });
    expect(await events(first.key, callId)).toBe(200);
    // Revoked through this instance: refused on the next request, though it was found a moment ago.
    expect((await api("DELETE", `/api/v1/keys/${first.id}`)).status).toBe(200);
    expect(await events(first.key, callId)).toBe(401);

    // Revoked in the database by another instance (or `npm run keys -- revoke`): refused once the few seconds pass.
    const second = await createKey({ label: "remembered elsewhere", role: "ingest" });
    expect(await events(second.key, callId)).toBe(200);
    await query("update api_keys set revoked_at = now() where id = $1", [second.id]);
    const revokedAt = Date.now();
    let status = 200;
    while (status !== 401 && Date.now() - revokedAt < 8_000) {
      status = await events(second.key, callId);
      if (status !== 401) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(5_000 + 1_000);
  });
});
