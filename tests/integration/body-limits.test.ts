// Every route that takes a body, just under and just over its limit, on a
// server with limits of its own: the limit is enforced in full (no proxy
// cuts a body short before it), and a body over it is answered 413 naming
// the setting, with nothing of it kept. TELEMETRY_MAX_BODY_BYTES is set
// above 10 MB, where Next's proxy used to cut deployments silently.
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../support/fixtures";
import { type Stack, startStack, TEST_ADMIN_API_KEY, TEST_WEBHOOK_SECRET } from "../support/stack";
import { sendStreamed, streamedBody } from "../support/streamed-body";

const TELEMETRY_LIMIT = 12.5 * 1024 * 1024;
const WEBHOOK_LIMIT = 1024 * 1024;
const RECORDING_LIMIT = 2 * 1024 * 1024;
/** Each long line or message, within TELEMETRY_MAX_STRING_BYTES (64 KiB). */
const LINE = 60 * 1024;

let stack: Stack;
let database: pg.Pool;

beforeAll(async () => {
  stack = await startStack({
    env: {
      TELEMETRY_MAX_BODY_BYTES: String(TELEMETRY_LIMIT),
      WEBHOOK_MAX_BODY_BYTES: String(WEBHOOK_LIMIT),
      RECORDING_MAX_BYTES: String(RECORDING_LIMIT),
      CALLSCOPE_REDACT_AUDIO: "drop",
    },
  });
  database = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
});

afterAll(async () => {
  await database?.end();
  await stack?.stop();
});

async function send(method: string, route: string, body: BodyInit, type: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": type, ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, json: text.startsWith("{") ? JSON.parse(text) : null };
}

const count = async (sql: string, params: unknown[]) => (await database.query(sql, params)).rows[0].n as number;

/** `n` lines of LINE bytes each, with `extra` bytes more in the last: the body is n × (LINE + 1) + extra bytes. */
const lines = (n: number, extra = 0) => Array.from({ length: n }, (_, i) => "x".repeat(LINE + (i === n - 1 ? extra : 0))).join("\n") + "\n";
/** How many lines fit just under the telemetry limit, and the extra bytes that take the body to limit − 100. */
const FIT = Math.floor(TELEMETRY_LIMIT / (LINE + 1)) - 1;
const UNDER = TELEMETRY_LIMIT - 100 - FIT * (LINE + 1);

function expectTooLarge(answer: { status: number; json: any }, setting: string) {
  expect(answer.status).toBe(413);
  expect(answer.json.error.code).toBe("payload_too_large");
  expect(answer.json.error.message).toContain(setting);
  expect(answer.json.error.details.limit).toBe(setting);
}

describe("body limits", () => {
  it("PUT /api/v1/deployments/{id}: a valid body over 10 MB under the limit is stored whole; over it, 413", async () => {
    const id = `dep_big_${Date.now().toString(36)}`;
    const logs = lines(FIT);
    const body = JSON.stringify({ agent_id: "agent_big", status: "built", build_logs: logs });
    expect(body.length).toBeGreaterThan(10 * 1024 * 1024);
    expect(body.length).toBeLessThan(TELEMETRY_LIMIT);
    const under = await send("PUT", `/api/v1/deployments/${id}`, body, "application/json");
    expect(under.status).toBe(201);
    const [row] = (await database.query("select length(build_logs) as n from deployments where id = $1", [id])).rows;
    expect(row.n).toBe(logs.length);

    const over = JSON.stringify({ agent_id: "agent_big", build_logs: "y".repeat(TELEMETRY_LIMIT) });
    const refused = await send("PUT", `/api/v1/deployments/${id}`, over, "application/json");
    expectTooLarge(refused, "TELEMETRY_MAX_BODY_BYTES");
    const streamed = await sendStreamed(`${stack.baseUrl}/api/v1/deployments/${id}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": "application/json" },
      body: streamedBody(TELEMETRY_LIMIT + 1024, { head: '{"build_logs":"', fill: "z", tail: '"}' }),
    });
    expectTooLarge(streamed, "TELEMETRY_MAX_BODY_BYTES");
    expect((await database.query("select length(build_logs) as n from deployments where id = $1", [id])).rows[0].n).toBe(logs.length);
  });

  it("POST /api/v1/calls/{id}/logs and /events and /api/v1/deployments/{id}/logs: under the limit stored, over it 413 and nothing kept", async () => {
    const stamp = Date.now().toString(36);
    const routes = [
      { route: `/api/v1/calls/MZlimlogs${stamp}/logs`, table: "call_events", key: "call_id", id: `MZlimlogs${stamp}`, type: "text/plain" },
      { route: `/api/v1/deployments/dep_limlogs${stamp}/logs`, table: "deployment_logs", key: "deployment_id", id: `dep_limlogs${stamp}`, type: "text/plain" },
      { route: `/api/v1/calls/MZlimev${stamp}/events`, table: "call_events", key: "call_id", id: `MZlimev${stamp}`, type: "application/x-ndjson" },
    ];
    for (const r of routes) {
      const body =
        r.type === "text/plain"
          ? lines(FIT, UNDER)
          : Array.from({ length: FIT }, (_, i) => JSON.stringify({ type: "log", message: "m".repeat(LINE - 40 + (i === FIT - 1 ? UNDER : 0)) })).join("\n");
      expect(body.length).toBeGreaterThan(TELEMETRY_LIMIT - 70 * 1024);
      expect(body.length).toBeLessThanOrEqual(TELEMETRY_LIMIT);
      const under = await send("POST", r.route, body, r.type);
      expect(under.status, JSON.stringify(under.json)).toBe(200);
      expect(await count(`select count(*)::int as n from ${r.table} where ${r.key} = $1`, [r.id])).toBe(FIT);

      const overId = `${r.id}over`;
      const overRoute = r.route.replace(r.id, overId);
      // One byte over: the same body with blank lines after it.
      const over = body + "\n".repeat(TELEMETRY_LIMIT - body.length + 1);
      expect(over.length).toBe(TELEMETRY_LIMIT + 1);
      expectTooLarge(await send("POST", overRoute, over, r.type), "TELEMETRY_MAX_BODY_BYTES");
      const streamed = await sendStreamed(`${stack.baseUrl}${overRoute}`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": r.type },
        body: streamedBody(TELEMETRY_LIMIT + 1, {
          fill: r.type === "text/plain" ? `${"x".repeat(LINE)}\n` : `${JSON.stringify({ type: "log", message: "m".repeat(LINE - 40) })}\n`,
        }),
      });
      expectTooLarge(streamed, "TELEMETRY_MAX_BODY_BYTES");
      expect(await count(`select count(*)::int as n from ${r.table} where ${r.key} = $1`, [overId])).toBe(0);
    }
    // A refused request leaves no placeholder call behind either.
    expect(await count("select count(*)::int as n from calls where id like $1", [`%${stamp}over`])).toBe(0);
  });

  it("POST /api/webhooks/cartesia: just under WEBHOOK_MAX_BODY_BYTES stored, just over 413", async () => {
    const delivery = { ...fixture("webhooks/call_completed.seed.json"), request_id: `MZlimhook${Date.now().toString(36)}` };
    const base = JSON.stringify({ ...delivery, padding: "" }).length;
    const under = JSON.stringify({ ...delivery, padding: "p".repeat(WEBHOOK_LIMIT - base) });
    expect(under.length).toBe(WEBHOOK_LIMIT);
    const hook = (body: string) => send("POST", "/api/webhooks/cartesia", body, "application/json", { "x-webhook-secret": TEST_WEBHOOK_SECRET });
    expect((await hook(under)).status).toBe(200);
    expect(await count("select count(*)::int as n from calls where id = $1", [delivery.request_id])).toBe(1);
    const overId = `${delivery.request_id}over`;
    expectTooLarge(await hook(JSON.stringify({ ...delivery, request_id: overId, padding: "p".repeat(WEBHOOK_LIMIT - base + 10) })), "WEBHOOK_MAX_BODY_BYTES");
    expect(await count("select count(*)::int as n from calls where id = $1", [overId])).toBe(0);
  });

  it("PUT /api/v1/calls/{id}/recording: just under RECORDING_MAX_BYTES stored, just over 413, and no object left for any refused upload", async () => {
    const id = `MZlimrec${Date.now().toString(36)}`;
    const folder = path.join(stack.dataDir, "recordings");
    const files = (callId: string) => {
      const prefix = createHash("sha256").update(callId).digest("hex");
      try {
        return readdirSync(path.join(folder, prefix.slice(0, 2))).filter((f) => f.startsWith(prefix));
      } catch {
        return [];
      }
    };
    const under = await send("PUT", `/api/v1/calls/${id}/recording`, new Uint8Array(RECORDING_LIMIT).fill(7), "audio/mpeg");
    expect(under.status).toBe(201);
    expect(under.json.bytes).toBe(RECORDING_LIMIT);

    const over = `${id}over`;
    expectTooLarge(await send("PUT", `/api/v1/calls/${over}/recording`, new Uint8Array(RECORDING_LIMIT + 1), "audio/mpeg"), "RECORDING_MAX_BYTES");
    const streamed = await sendStreamed(`${stack.baseUrl}/api/v1/calls/${over}/recording`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": "audio/mpeg" },
      body: streamedBody(RECORDING_LIMIT + 1, { fill: "a" }),
    });
    expectTooLarge(streamed, "RECORDING_MAX_BYTES");
    expect(files(over)).toEqual([]);
    expect(await count("select count(*)::int as n from recordings where call_id = $1", [over])).toBe(0);

    // A call with something redacted drops its recording (CALLSCOPE_REDACT_AUDIO=drop): the answer says nothing of the content, and no object stays.
    const redacted = `${id}red`;
    const event = JSON.stringify({ type: "log", message: "my card is 4111 1111 1111 1111" });
    expect((await send("POST", `/api/v1/calls/${redacted}/events`, event, "application/json")).status).toBe(200);
    const dropped = await send("PUT", `/api/v1/calls/${redacted}/recording`, new Uint8Array(5000).fill(1), "audio/mpeg");
    expect(dropped.status).toBe(409);
    expect(dropped.json.error.message).not.toMatch(/redact|privacy|personal/i);
    expect(files(redacted)).toEqual([]);
  });
});
