// Monitors end to end: two app instances on one database evaluate every
// 2 s; slow calls arrive by webhook; the monitor fires once, notifies a
// signed webhook, Slack and email once each, resolves once when its
// threshold is raised, and never repeats while its state holds.
import { createHmac } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MONITOR_METRIC_NAMES } from "@/lib/monitors/monitor-definitions";
import { measure } from "@/lib/monitors/monitor-metrics";
import { monitorDetailSchema, monitorListSchema, monitorSchema } from "@/lib/monitors/monitor-json";
import { until } from "../support/until";
import { callObjectDelivery, fixture, postWebhook } from "../support/http";
import { type Instances, startInstances } from "../support/instances";
import { readmeVerifier } from "../support/readme-verifier";
import { LOCAL_RECEIVERS_ALLOWED, startFakeSlack, startReceiver, startSmtp } from "../support/receivers";
import { type Stack, TEST_ADMIN_API_KEY, TEST_MEMBER_API_KEY } from "../support/stack";

const INTERVAL_S = 2;
const PUBLIC_URL = "http://callscope.example";
const SECRET = "monitor-signing-secret";
let instances: Instances;
let first: Stack;
let second: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let slack: Awaited<ReturnType<typeof startFakeSlack>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let database: pg.Pool;

async function call(stack: Stack, method: string, path: string, body?: unknown, key = TEST_ADMIN_API_KEY) {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** A finished call of `agent` whose assistant turns took `ttfbS` to speak, ending now. */
async function slowCall(stack: Stack, agent: string, id: string, ttfbS: number) {
  const seed = fixture("webhooks/call_completed.seed.json");
  const body: Record<string, any> = { ...seed, request_id: id, agent_id: agent, timestamp: new Date().toISOString() };
  body.body = seed.body.map((turn: Record<string, unknown>) => (turn.role === "assistant" ? { ...turn, tts_ttfb: ttfbS } : turn));
  expect((await postWebhook(body, { url: stack.baseUrl })).status).toBe(200);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const webhookEvents = (path: string) => receiver.at(path).map((r) => JSON.parse(r.body).state as string);

beforeAll(async () => {
  [receiver, slack, smtp] = await Promise.all([startReceiver(), startFakeSlack(), startSmtp()]);
  const env = {
    MONITOR_INTERVAL_S: String(INTERVAL_S),
    NOTIFY_RETRY_BASE_S: "1",
    CALLSCOPE_PUBLIC_URL: PUBLIC_URL,
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: "Callscope <alerts@callscope.example>",
    CONVERSATION_BACKFILL: "false",
    // The receivers listen on 127.0.0.1, which is refused unless allowed.
    ...LOCAL_RECEIVERS_ALLOWED,
  };
  instances = await startInstances({ env });
  ({ a: first, b: second, database } = instances);
}, 120_000);

afterAll(async () => {
  await instances?.stop();
  await Promise.all([receiver?.stop(), slack?.stop(), smtp?.stop()]);
});

describe("a p95 tts_ttfb monitor across two instances", () => {
  const agent = `agent_monitored_${Date.now()}`;
  let id: string;

  it("is made through the API, with its channels' secrets never read back", async () => {
    const created = await call(first, "POST", "/api/v1/monitors", {
      name: "Slow speech",
      metric: "tts_ttfb_p95_ms",
      agent_id: agent,
      window_minutes: 10,
      threshold: 1000,
      min_values: 5,
      channels: [
        { type: "webhook", url: receiver.url("/hook"), secret: SECRET },
        { type: "slack", url: slack.url },
        { type: "email", to: "oncall@example.com" },
      ],
    });
    expect(created.status).toBe(201);
    id = created.json.id;
    expect(created.json).toMatchObject({ state: "no_data", threshold: 1000, min_values: 5, url: `${PUBLIC_URL}/monitors/${id}` });
    expect(JSON.stringify(created.json)).not.toContain(SECRET);
    expect(JSON.stringify(created.json)).not.toContain("s3cr3tToken");
    expect(created.json.channels[0]).toMatchObject({ type: "webhook", has_secret: true });
    // The other instance answers the same.
    expect((await call(second, "GET", `/api/v1/monitors/${id}`)).json.name).toBe("Slow speech");
  });

  it("stays no_data under its fewest values, then fires once within two intervals of slow calls", async () => {
    await slowCall(first, agent, `MZmon${Date.now()}a`, 1.5); // 3 assistant turns: fewer than 5
    await sleep(INTERVAL_S * 1500);
    expect((await call(first, "GET", `/api/v1/monitors/${id}`)).json.state).toBe("no_data");
    expect(receiver.at("/hook")).toHaveLength(0);

    await slowCall(second, agent, `MZmon${Date.now()}b`, 1.5);
    const arrived = Date.now();
    await until(
      "the firing webhook",
      () => webhookEvents("/hook"),
      (e) => e.length >= 1,
      INTERVAL_S * 2000 + 3000,
    );
    expect(Date.now() - arrived).toBeLessThanOrEqual(INTERVAL_S * 2000 + 1500);

    const [delivery] = receiver.at("/hook");
    const t = Number(delivery.headers["x-callscope-timestamp"]);
    expect(Math.abs(Date.now() / 1000 - t)).toBeLessThan(30);
    expect(delivery.headers["x-callscope-signature"]).toBe(`t=${t},v1=${createHmac("sha256", SECRET).update(`${t}.${delivery.body}`).digest("hex")}`);
    // A receiver checking as the README says accepts it now, and refuses the same request replayed later.
    const verify = readmeVerifier();
    expect(verify(delivery.headers, delivery.body, SECRET)).toBe(true);
    expect(verify(delivery.headers, delivery.body, SECRET, 300, t + 301)).toBe(false);
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({
      monitor_id: id,
      name: "Slow speech",
      state: "firing",
      threshold: 1000,
      window_minutes: 10,
      agent_id: agent,
      deployment_id: null,
    });
    expect(body.value).toBeCloseTo(1500, 6);
    expect(Object.keys(body).sort()).toEqual(
      ["agent_id", "at", "deployment_id", "metric", "monitor_id", "name", "state", "threshold", "url", "value", "window_minutes"].sort(),
    );
    const link = new URL(body.url);
    expect(link.origin).toBe(PUBLIC_URL);
    expect(link.pathname).toBe("/calls");
    expect(link.searchParams.get("agent")).toBe(agent);
    expect(new Date(link.searchParams.get("to")!).getTime() - new Date(link.searchParams.get("from")!).getTime()).toBe(10 * 60_000);
  });

  it("sends nothing more while it keeps firing, though both instances keep evaluating", async () => {
    await sleep(INTERVAL_S * 2500);
    expect(webhookEvents("/hook")).toEqual(["firing"]);
    const detail = (await call(second, "GET", `/api/v1/monitors/${id}`)).json;
    expect(detail.state).toBe("firing");
    // One round at a time across the two instances: evaluations are never closer than the interval.
    const { rows } = await database.query("select at from monitor_samples where monitor_id = $1 order by at", [id]);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const gaps = rows.slice(1).map((r, i) => r.at.getTime() - rows[i].at.getTime());
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_S * 1000 - 50);
  });

  it("reached Slack and email once each, readable, with the link to the calls", async () => {
    await until(
      "the Slack message",
      () => slack.messages.length,
      (n) => n >= 1,
      5000,
    );
    await until(
      "the email",
      () => smtp.mails.length,
      (n) => n >= 1,
      5000,
    );
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0].text).toContain("FIRING: Slow speech");
    expect(slack.messages[0].text).toMatch(/1,500 ms \(p95 tts_ttfb above 1,000 ms\) over 10 min, agent agent_monitored_/);
    expect(JSON.stringify(slack.messages[0].blocks)).toContain(`<${PUBLIC_URL}/calls?`);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ to: ["oncall@example.com"], from: "alerts@callscope.example" });
    expect(smtp.mails[0].subject).toContain("[Callscope] FIRING: Slow speech");
    expect(smtp.mails[0].text).toContain(`${PUBLIC_URL}/calls?`);
  });

  it("resolves exactly once when its threshold is raised above the figure", async () => {
    const patched = await call(second, "PATCH", `/api/v1/monitors/${id}`, { threshold: 2000 });
    expect(patched.status).toBe(200);
    expect(patched.json.threshold).toBe(2000);
    await until(
      "the resolved webhook",
      () => webhookEvents("/hook"),
      (e) => e.length >= 2,
      INTERVAL_S * 2000 + 3000,
    );
    await sleep(INTERVAL_S * 2000);
    expect(webhookEvents("/hook")).toEqual(["firing", "resolved"]);
    await until(
      "the resolved Slack message and email",
      () => slack.messages.length + smtp.mails.length,
      (n) => n >= 4,
      5000,
    );
    expect(slack.messages.map((m) => m.text.match(/FIRING|RESOLVED/)?.[0])).toEqual(["FIRING", "RESOLVED"]);
    expect(smtp.mails.map((m) => m.subject.match(/FIRING|RESOLVED/)?.[0])).toEqual(["FIRING", "RESOLVED"]);

    const detail = (await call(first, "GET", `/api/v1/monitors/${id}`)).json;
    // The answers are what the OpenAPI document (built from these schemas) says, and nothing more.
    expect(monitorDetailSchema.strict().parse(detail)).toEqual(detail);
    const list = (await call(first, "GET", "/api/v1/monitors")).json;
    expect(monitorListSchema.parse(list).data.map((m) => monitorSchema.strict().parse(m).id)).toContain(id);
    expect(detail.state).toBe("ok");
    expect(detail.history.map((h: { from: string; to: string }) => `${h.from}>${h.to}`)).toEqual(["firing>ok", "no_data>firing"]);
    expect(detail.history[1].value).toBeCloseTo(1500, 6);
    const sent = detail.deliveries.filter((d: { outcome: string }) => d.outcome === "sent");
    expect(sent.map((d: { channel_type: string; event: string }) => `${d.channel_type}:${d.event}`).sort()).toEqual(
      ["email:firing", "email:resolved", "slack:firing", "slack:resolved", "webhook:firing", "webhook:resolved"].sort(),
    );
  });

  it("reports itself to Prometheus as no longer firing", async () => {
    const response = await fetch(`${first.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_MEMBER_API_KEY}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(new RegExp(`callscope_monitor_firing\\{monitor_id="${id}",name="Slow speech",metric="tts_ttfb_p95_ms"\\} 0`));
  });
});

describe("notifications that fail", () => {
  it("are retried with backoff, each attempt in the delivery log, until one is sent", async () => {
    receiver.failFirst("/flaky", 2);
    const created = await call(first, "POST", "/api/v1/monitors", {
      name: "Agent silent",
      metric: "no_calls",
      agent_id: `agent_silent_${Date.now()}`,
      window_minutes: 5,
      threshold: 0,
      channels: [{ type: "webhook", url: receiver.url("/flaky"), secret: SECRET }],
    });
    expect(created.status).toBe(201);
    // no_calls has a value with no call at all, so it fires at its first evaluation; the sends wait 1 s, then 2 s.
    await until(
      "the third attempt",
      () => receiver.at("/flaky").length,
      (n) => n >= 3,
      INTERVAL_S * 2000 + 8000,
    );
    await sleep(1000);
    expect(receiver.at("/flaky")).toHaveLength(3);
    const bodies = receiver.at("/flaky").map((r) => r.body);
    expect(new Set(bodies).size).toBe(1); // the same body each time, so its signature holds
    const detail = (await call(first, "GET", `/api/v1/monitors/${created.json.id}`)).json;
    expect(
      detail.deliveries.map((d: { attempt: number; outcome: string; response_status: number }) => `${d.attempt}:${d.outcome}:${d.response_status}`),
    ).toEqual(["3:sent:200", "2:failed:500", "1:failed:500"]);
  });

  it("a test send answers how it went, and a refused Slack URL is not retried", async () => {
    const created = await call(first, "POST", "/api/v1/monitors", {
      name: "Failures",
      metric: "failure_rate",
      window_minutes: 60,
      threshold: 0.2,
      paused: true,
      channels: [
        { type: "slack", url: slack.url },
        { type: "slack", url: slack.archivedUrl },
      ],
    });
    expect(created.status).toBe(201);
    const [good, archived] = created.json.channels;
    const before = slack.messages.length;
    const ok = await call(first, "POST", `/api/v1/monitors/${created.json.id}/test`, { channel_id: good.id });
    expect(ok).toMatchObject({ status: 200, json: { channel_id: good.id, outcome: "sent", response_status: 200, error: null } });
    expect(slack.messages.length).toBe(before + 1);
    expect(slack.messages.at(-1)!.text).toContain("TEST: Failures");
    const refused = await call(first, "POST", `/api/v1/monitors/${created.json.id}/test`, { channel_id: archived.id });
    // The status and a reason of Callscope's own: never what the receiver answered.
    expect(refused.json).toMatchObject({ outcome: "failed", response_status: 410, error: "HTTP 410 Gone" });
    expect((await call(first, "POST", `/api/v1/monitors/${created.json.id}/test`, { channel_id: "ch_nope" })).status).toBe(404);
    const detail = (await call(first, "GET", `/api/v1/monitors/${created.json.id}`)).json;
    expect(detail.deliveries.map((d: { event: string; outcome: string }) => `${d.event}:${d.outcome}`)).toEqual(["test:failed", "test:sent"]);
    // Paused: never evaluated.
    expect(detail.last_evaluated_at).toBeNull();
  });
});

describe("where a monitor may send, with OUTBOUND_ALLOWLIST=127.0.0.1", () => {
  const paused = { name: "Outbound", metric: "failure_rate", window_minutes: 60, threshold: 0.5, paused: true };

  it("follows no redirect, keeps no answer, and audits each test send with who and when", async () => {
    receiver.answer("/moved", { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } });
    receiver.answer("/leaky", { status: 500, body: "internal-token=SECRET-FROM-THE-RECEIVER" });
    const created = await call(first, "POST", "/api/v1/monitors", {
      ...paused,
      channels: [
        { type: "webhook", url: receiver.url("/moved"), secret: SECRET },
        { type: "webhook", url: receiver.url("/leaky"), secret: SECRET },
      ],
    });
    expect(created.status).toBe(201);
    const [moved, leaky] = created.json.channels;
    const before = new Date(Date.now() - 1000);
    const redirect = await call(first, "POST", `/api/v1/monitors/${created.json.id}/test`, { channel_id: moved.id });
    expect(redirect.json).toMatchObject({ outcome: "failed", response_status: 302, error: "HTTP 302 Found: redirects are not followed" });
    const failed = await call(first, "POST", `/api/v1/monitors/${created.json.id}/test`, { channel_id: leaky.id });
    expect(failed.json).toMatchObject({ outcome: "failed", response_status: 500, error: "HTTP 500 Internal Server Error" });
    const detail = await call(first, "GET", `/api/v1/monitors/${created.json.id}`);
    expect(JSON.stringify(detail.json)).not.toContain("SECRET-FROM-THE-RECEIVER");
    expect(JSON.stringify(detail.json)).not.toContain("169.254.169.254");
    const stored = await database.query("select error from notification_deliveries where monitor_id = $1", [created.json.id]);
    expect(stored.rows.map((r) => r.error).sort()).toEqual(["HTTP 302 Found: redirects are not followed", "HTTP 500 Internal Server Error"]);

    const audit = await call(first, "GET", `/api/v1/audit?action=monitor.tested&target=${created.json.id}`);
    expect(audit.status).toBe(200);
    expect(audit.json.data).toHaveLength(2);
    for (const entry of audit.json.data) {
      expect(entry.actor).toMatchObject({ kind: "key" });
      expect(new Date(entry.at).getTime()).toBeGreaterThanOrEqual(before.getTime());
      expect(entry.details).toMatchObject({ channel_type: "webhook", outcome: "failed" });
    }
    const tested = audit.json.data.map((e: { details: { channel_id: string; response_status: number } }) => [e.details.channel_id, e.details.response_status]);
    expect(tested.sort()).toEqual(
      [
        [leaky.id, 500],
        [moved.id, 302],
      ].sort(),
    );
    expect(JSON.stringify(audit.json)).not.toContain(receiver.url(""));
  });

  it("refuses private addresses the allowlist does not name, and Slack URLs off Slack's host", async () => {
    for (const url of [`http://127.0.0.2:${receiver.port}/x`, `http://[::1]:${receiver.port}/x`, "http://169.254.169.254/latest", "http://10.1.2.3/hook"]) {
      const refused = await call(first, "POST", "/api/v1/monitors", { ...paused, channels: [{ type: "webhook", url, secret: SECRET }] });
      expect(refused.status, url).toBe(422);
      expect(refused.json.error.details, url).toEqual([{ path: "channels.0.url", message: expect.stringContaining("OUTBOUND_ALLOWLIST") }]);
    }
    const offSlack = await call(first, "POST", "/api/v1/monitors", {
      ...paused,
      channels: [{ type: "slack", url: "https://hooks.example.com/services/T0/B0/x" }],
    });
    expect(offSlack.status).toBe(422);
    expect(offSlack.json.error.details[0]).toMatchObject({ path: "channels.0.url", message: expect.stringContaining("https://hooks.slack.com/") });
    // The allowlisted address, by itself or by a name that resolves to it, is let through.
    const allowed = await call(first, "POST", "/api/v1/monitors", {
      ...paused,
      channels: [{ type: "webhook", url: `http://localhost:${receiver.port}/by-name`, secret: SECRET }],
    });
    expect(allowed.status).toBe(201);
    const sent = await call(first, "POST", `/api/v1/monitors/${allowed.json.id}/test`, { channel_id: allowed.json.channels[0].id });
    expect(sent.json).toMatchObject({ outcome: "sent", response_status: 200 });
    expect(receiver.at("/by-name")).toHaveLength(1);
  });
});

describe("the monitors API refuses what it cannot keep", () => {
  const valid = { name: "m", metric: "failure_rate", window_minutes: 15, threshold: 0.1 };
  it.each([
    [{ ...valid, metric: "loudness" }, "metric"],
    [{ ...valid, threshold: -1 }, "threshold"],
    [{ ...valid, window_minutes: 0 }, "window_minutes"],
    [{ ...valid, window_minutes: 1.5 }, "window_minutes"],
    [{ ...valid, name: "  " }, "name"],
    [{ ...valid, evaluation: "politeness" }, "evaluation"],
    [{ ...valid, channels: [{ type: "webhook", url: "http://127.0.0.1:9/x" }] }, "channels.0.secret"],
    [{ ...valid, channels: [{ type: "webhook", url: "ftp://example.com/x", secret: "12345678" }] }, "channels.0.url"],
    [{ ...valid, channels: [{ type: "slack" }] }, "channels.0.url"],
    [{ ...valid, channels: [{ type: "email", to: "not an address" }] }, "channels.0.to"],
    [{ ...valid, channels: [{ type: "pager" }] }, "channels.0.type"],
    [{ ...valid, surprise: true }, "(root)"],
  ])("%j is refused at %s", async (body, path) => {
    const answer = await call(first, "POST", "/api/v1/monitors", body);
    expect(answer.status).toBe(422);
    expect(answer.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it("answers bad JSON, other roles, unknown ids and fixed fields clearly", async () => {
    expect((await call(first, "POST", "/api/v1/monitors", "{nope")).status).toBe(400);
    expect((await call(first, "GET", "/api/v1/monitors", undefined, TEST_MEMBER_API_KEY)).status).toBe(403);
    expect((await call(first, "GET", "/api/v1/monitors/mon_missing")).status).toBe(404);
    expect((await call(first, "GET", `/api/v1/monitors/${"x".repeat(300)}`)).status).toBe(404);
    expect((await call(first, "DELETE", "/api/v1/monitors/mon_missing")).status).toBe(404);
    const created = await call(first, "POST", "/api/v1/monitors", valid);
    const patched = await call(first, "PATCH", `/api/v1/monitors/${created.json.id}`, { metric: "no_calls" });
    expect(patched.status).toBe(422);
    const gone = await call(first, "DELETE", `/api/v1/monitors/${created.json.id}`);
    expect(gone).toMatchObject({ status: 200, json: { deleted: true } });
    expect((await call(second, "GET", `/api/v1/monitors/${created.json.id}`)).status).toBe(404);
  });

  it("keeps a channel's secret when an edit sends the channel back without it", async () => {
    const created = await call(first, "POST", "/api/v1/monitors", {
      ...valid,
      channels: [{ type: "webhook", url: receiver.url("/kept"), secret: "first-secret" }],
    });
    const channel = created.json.channels[0];
    const edited = await call(first, "PATCH", `/api/v1/monitors/${created.json.id}`, {
      channels: [{ id: channel.id, type: "webhook", url: receiver.url("/kept2") }],
    });
    expect(edited.status).toBe(200);
    const test = await call(first, "POST", `/api/v1/monitors/${created.json.id}/test`, { channel_id: channel.id });
    expect(test.json.outcome).toBe("sent");
    const [sent] = receiver.at("/kept2");
    expect(readmeVerifier()(sent.headers, sent.body, "first-secret")).toBe(true);
    expect(JSON.parse(sent.body).state).toBe("test");
  });
});

describe("every figure a monitor watches", () => {
  it("is measured from what is stored, with the window where each figure puts it", async () => {
    const agent = `agent_stuck_${Date.now()}`;
    // A call that started two hours ago and never finished: its last webhook is missing.
    const started = fixture("webhooks/call_started.seed.json");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
    const answer = await postWebhook({ ...started, request_id: `MZstuck${Date.now()}`, agent_id: agent, timestamp: twoHoursAgo }, { url: first.baseUrl });
    expect(answer.status).toBe(200);
    const scope = (metric: (typeof MONITOR_METRIC_NAMES)[number], windowMinutes: number) => ({
      metric,
      agentId: agent,
      deploymentId: null,
      evaluation: null,
      windowMinutes,
    });
    const figures = Object.fromEntries(await Promise.all(MONITOR_METRIC_NAMES.map(async (m) => [m, await measure(database, scope(m, 60), new Date())])));
    expect(figures).toEqual({
      tts_ttfb_p95_ms: { value: null, count: 0 },
      response_gap_p95_ms: { value: null, count: 0 },
      stage_endpointing_p95_ms: { value: null, count: 0 },
      stage_stt_p95_ms: { value: null, count: 0 },
      stage_llm_p95_ms: { value: null, count: 0 },
      stage_tts_p95_ms: { value: null, count: 0 },
      stage_unattributed_p95_ms: { value: null, count: 0 },
      failure_rate: { value: null, count: 0 },
      dead_air_rate: { value: null, count: 0 },
      no_calls: { value: 0, count: 0 },
      unfinished_calls: { value: 1, count: 1 },
      evaluation_fail_rate: { value: null, count: 0 },
      new_causes: { value: 0, count: 0, causes: [] },
      regressed_causes: { value: 0, count: 0, causes: [] },
      cause_rate: { value: null, count: 0 },
    });
    // Over three hours the call started inside the window: it is a call, not yet an unfinished one.
    expect(await measure(database, scope("no_calls", 180), new Date())).toEqual({ value: 1, count: 1 });
    expect(await measure(database, scope("unfinished_calls", 180), new Date())).toEqual({ value: 0, count: 0 });
  });

  it("takes response gaps and tts_ttfb of the turns inside the window, as percentile_cont over them would", async () => {
    const agent = `agent_gaps_${Date.now()}`;
    for (const i of [1, 2]) await slowCall(first, agent, `MZgaps${Date.now()}${i}`, 0.3 * i);
    await until(
      "the calls' response gaps",
      async () =>
        (await database.query("select count(*)::int as n from call_conversations v join calls c on c.id = v.call_id where c.agent_id = $1", [agent])).rows[0].n,
      (n) => n === 2,
      15_000,
    );
    const { rows } = await database.query(
      `select percentile_cont(0.95) within group (order by g.gap_ms) as gap, count(*)::int as gaps,
              (select percentile_cont(0.95) within group (order by t.tts_ttfb * 1000) from turns t join calls c on c.id = t.call_id where c.agent_id = $1) as ttfb
       from response_gaps g join calls c on c.id = g.call_id where c.agent_id = $1`,
      [agent],
    );
    const scope = (metric: "response_gap_p95_ms" | "tts_ttfb_p95_ms") => ({ metric, agentId: agent, deploymentId: null, evaluation: null, windowMinutes: 10 });
    const gap = await measure(database, scope("response_gap_p95_ms"), new Date());
    expect(rows[0].gaps).toBeGreaterThan(0);
    expect(gap.count).toBe(rows[0].gaps);
    expect(gap.value).toBeCloseTo(rows[0].gap, 9);
    expect((await measure(database, scope("tts_ttfb_p95_ms"), new Date())).value).toBeCloseTo(rows[0].ttfb, 9);
    // A window that ends before the calls began holds none of their values.
    expect(await measure(database, scope("response_gap_p95_ms"), new Date(Date.now() - 3600_000))).toEqual({ value: null, count: 0 });
  });
});

describe("cause monitors", () => {
  const run = Date.now().toString(36);
  const agent = `agent_cause_mon_${run}`;
  const [slots, rooms] = [`check_slots_${run}`, `book_room_${run}`];

  /** A finished call of the agent, started `startedAgoS` ago and `durationS` long, whose tool `tool` timed out. */
  async function failingCall(tool: string, startedAgoS = 30, durationS = 20) {
    const id = `MZcmon${run}${Math.random().toString(36).slice(2, 8)}`;
    const start = new Date(Date.now() - startedAgoS * 1000);
    const end = new Date(start.getTime() + durationS * 1000);
    const webhook = await postWebhook(
      callObjectDelivery(id, agent, { start_time: start.toISOString(), end_time: end.toISOString() }, { timestamp: end.toISOString() }),
      { url: first.baseUrl },
    );
    expect(webhook.status).toBe(200);
    const ms = 2900 + Math.floor(Math.random() * 300);
    const frames = [
      { type: "tool_call", name: tool, arguments: {}, result: null, id: `tc_${id}`, timestamp: 5 },
      { type: "tool_call", name: tool, arguments: {}, result: JSON.stringify({ error: `Timeout after ${ms} ms` }), id: `tc_${id}`, timestamp: 8 },
    ];
    expect((await call(first, "POST", `/api/v1/calls/${id}/events`, frames)).status).toBe(200);
    return id;
  }
  const causeOf = async (tool: string) =>
    until(
      `the cause of ${tool}`,
      async () => (await call(first, "GET", `/api/v1/causes?agent_id=${agent}&state=new,ongoing,resolved,regressed,ignored&q=${tool}`)).json.data,
      (data: { id: string; title: string }[]) => data.length === 1,
      20_000,
    ).then((data) => data[0]);
  const bodies = (path: string) => receiver.at(path).map((r) => JSON.parse(r.body));

  it("notify when a new cause appears, again for the next one, with links to them", async () => {
    const created = await call(first, "POST", "/api/v1/monitors", {
      name: "New causes",
      metric: "new_causes",
      agent_id: agent,
      window_minutes: 10,
      threshold: 0,
      channels: [
        { type: "webhook", url: receiver.url("/new-causes"), secret: SECRET },
        { type: "slack", url: slack.url },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ metric: "new_causes", cause_id: null });

    await failingCall(slots);
    const first_ = await causeOf(slots);
    await until(
      "the first new cause's notification",
      () => bodies("/new-causes"),
      (b) => b.length === 1,
      INTERVAL_S * 3000 + 20_000,
    );
    expect(bodies("/new-causes")[0]).toMatchObject({
      state: "firing",
      metric: "new_causes",
      value: 1,
      url: `${PUBLIC_URL}/problems/${first_.id}`,
      causes: [{ id: first_.id, title: `${slots}: Timeout after <duration>`, url: `${PUBLIC_URL}/problems/${first_.id}` }],
    });
    // The channels are sent to one after another: Slack's message may come a moment after the webhook's.
    const posted = await until(
      "the first new cause's Slack message",
      async () => slack.messages.filter((m) => m.text.includes("New causes")),
      (m) => m.length === 1,
      10_000,
    );
    // Slack reads < and > as its own markup: the title is escaped, the links are Slack's.
    expect(JSON.stringify(posted[0].blocks)).toContain(`<${PUBLIC_URL}/problems/${first_.id}|${slots}: Timeout after &lt;duration&gt;>`);

    // The same cause again is not news; another cause is, while the monitor still fires.
    await failingCall(slots);
    await sleep(INTERVAL_S * 2500);
    expect(bodies("/new-causes")).toHaveLength(1);
    await failingCall(rooms);
    await until(
      "the second new cause's notification",
      () => bodies("/new-causes"),
      (b) => b.length === 2,
      INTERVAL_S * 3000 + 20_000,
    );
    const second_ = bodies("/new-causes")[1];
    expect(second_).toMatchObject({ state: "firing", value: 2, url: `${PUBLIC_URL}/problems?agent_id=${agent}&state=new` });
    expect(second_.causes.map((c: { title: string }) => c.title).sort()).toEqual([`${rooms}: Timeout after <duration>`, `${slots}: Timeout after <duration>`]);
  }, 90_000);

  it("notify when a resolved cause comes back, and measure a cause's share of the calls", async () => {
    const cause = await causeOf(slots);
    const monitor = await call(first, "POST", "/api/v1/monitors", {
      name: "Regressions",
      metric: "regressed_causes",
      agent_id: agent,
      window_minutes: 10,
      threshold: 0,
      channels: [{ type: "webhook", url: receiver.url("/regressed"), secret: SECRET }],
    });
    expect(monitor.status).toBe(201);
    expect((await call(first, "PATCH", `/api/v1/causes/${cause.id}`, { state: "resolved" })).status).toBe(200);
    await sleep(INTERVAL_S * 2000);
    expect(bodies("/regressed")).toHaveLength(0);
    // A call that began after the resolution (seen again, not one already under way when it was resolved).
    await failingCall(slots, 2, 1);
    await until(
      "the regression's notification",
      () => bodies("/regressed"),
      (b) => b.length === 1,
      INTERVAL_S * 3000 + 20_000,
    );
    expect(bodies("/regressed")[0]).toMatchObject({ state: "firing", value: 1, url: `${PUBLIC_URL}/problems/${cause.id}`, causes: [{ id: cause.id }] });

    // The share: the calls of the agent that finished in the window with the cause, over all that finished.
    const scope = { metric: "cause_rate" as const, agentId: agent, deploymentId: null, evaluation: null, causeId: cause.id, windowMinutes: 10 };
    const { rows } = await database.query(
      `select count(*) filter (where exists (select 1 from call_causes cc where cc.call_id = c.id and cc.cause_id = $2))::int as with_cause, count(*)::int as calls
       from calls c where c.agent_id = $1`,
      [agent, cause.id],
    );
    expect(rows[0]).toEqual({ with_cause: 3, calls: 4 });
    expect(await measure(database, scope, new Date())).toEqual({ value: 0.75, count: 4, causes: [{ id: cause.id, title: cause.title }] });
    expect(await measure(database, { ...scope, causeId: null }, new Date())).toEqual({ value: 1, count: 4 });
    const rate = await call(first, "POST", "/api/v1/monitors", {
      name: "Slot timeouts",
      metric: "cause_rate",
      cause_id: cause.id,
      window_minutes: 60,
      threshold: 0.5,
    });
    expect(rate.status).toBe(201);
    expect(rate.json.cause_id).toBe(cause.id);
  }, 90_000);

  it("refuse a cause that does not exist, or one given to another figure", async () => {
    const withCause = (metric: string) =>
      call(first, "POST", "/api/v1/monitors", { name: "x", metric, cause_id: "cause_0000000000000000", window_minutes: 10, threshold: 0.1 });
    const unknown = await withCause("cause_rate");
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(unknown.json)).toContain("cause_0000000000000000");
    const misplaced = await withCause("failure_rate");
    expect(misplaced.status).toBe(422);
    expect(JSON.stringify(misplaced.json)).toContain("cause_id");
  });
});
