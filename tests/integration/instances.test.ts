// Two app instances behind one database, traffic spread over both, as behind
// a load balancer: webhooks and telemetry to either are stored once; a
// session made on one works on the other; a limit reached through one holds
// on the other; the jobs (enrichment from Cartesia, a sync, retention) each
// run once. (Monitors: tests/integration/monitors.test.ts does the same.)
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../support/until";
import { fixture } from "../support/fixtures";
import { type FakeCartesia, startFakeCartesia } from "../support/fake-cartesia";
import { api, postWebhook, signInCookie } from "../support/http";
import { type Instances, startInstances } from "../support/instances";
import { type Stack, TEST_ADMIN, TEST_ADMIN_API_KEY, TEST_AUTH_FAILURE_LIMIT, TEST_SIGN_IN_LIMIT } from "../support/stack";

let fake: FakeCartesia;
let instances: Instances;
let a: Stack;
let b: Stack;
let database: pg.Pool;

const stamp = Date.now().toString(36);
/** A client of its own, by the address the (trusted) proxy in front reports. */
const from = (address: string) => ({ "x-forwarded-for": address });

const webhook = async (stack: Stack, body: unknown) => (await postWebhook(body, { url: stack.baseUrl })).status;

beforeAll(async () => {
  fake = await startFakeCartesia();
  const env = { CARTESIA_API_KEY: fake.key, CARTESIA_API_URL: fake.url, RETENTION_INTERVAL_S: "2", CONVERSATION_BACKFILL: "false" };
  instances = await startInstances({ env, sharedDataDir: true });
  ({ a, b, database } = instances);
}, 180_000);

afterAll(async () => {
  await instances?.stop();
  await fake?.close();
});

describe("several instances on one database", () => {
  it("store webhooks and telemetry sent to either once, in order whatever instance took them", async () => {
    const started = fixture("webhooks/call_started.seed.json");
    const completed = fixture("webhooks/call_completed.seed.json");
    const ids = Array.from({ length: 8 }, (_, i) => `MZinst${stamp}${i}`);
    const sends = ids.flatMap((id, i) => [
      webhook(i % 2 ? a : b, { ...started, request_id: id, agent_id: `agent_inst_${stamp}`, timestamp: new Date(Date.now() - 60_000).toISOString() }),
      webhook(i % 2 ? b : a, { ...completed, request_id: id, agent_id: `agent_inst_${stamp}`, timestamp: new Date().toISOString() }),
      // The same delivery again, to the other instance: a retry is stored once.
      webhook(i % 2 ? a : b, { ...completed, request_id: id, agent_id: `agent_inst_${stamp}`, timestamp: new Date().toISOString() }),
    ]);
    expect(await Promise.all(sends)).toEqual(sends.map(() => 200));
    const { rows } = await database.query("select status, turn_count from calls where id = any($1)", [ids]);
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.status === "completed" && r.turn_count === completed.body.length)).toBe(true);

    const batch = JSON.stringify([{ type: "log_event", event: "step", metadata: { n: 1 } }]);
    const telemetry = (stack: Stack) =>
      fetch(`${stack.baseUrl}/api/v1/calls/${ids[0]}/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": "application/json", "idempotency-key": `batch-${stamp}` },
        body: batch,
      }).then((r) => r.json());
    const answers = [await telemetry(a), await telemetry(b)];
    expect(answers.map((x) => x.stored)).toEqual([1, 0]);
  });

  it("accept a session signed in on one instance on the other", async () => {
    const signIn = await signInCookie(TEST_ADMIN, "203.0.113.10", a.baseUrl);
    expect(signIn.status).toBe(200);
    const { cookie } = signIn;
    const onB = await fetch(`${b.baseUrl}/api/v1/calls?limit=1`, { headers: { cookie } });
    expect(onB.status).toBe(200);
    const page = await fetch(`${b.baseUrl}/settings/privacy`, { headers: { cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
  });

  it("refuse on one instance a client that failed too often on the other", async () => {
    const client = from(`198.51.100.${Math.floor(Math.random() * 200) + 1}`);
    const bad = () => fetch(`${a.baseUrl}/api/v1/calls`, { headers: { authorization: "Bearer cs_wrong_0123456789abcdefghijklmnop", ...client } });
    for (let i = 0; i < TEST_AUTH_FAILURE_LIMIT; i++) expect((await bad()).status).toBe(401);
    expect((await bad()).status).toBe(429);
    // On the other instance, within a second or so, even the right key is refused from that address; others go on.
    const onB = await until(
      "the limit on the other instance",
      async () => (await fetch(`${b.baseUrl}/api/v1/calls?limit=1`, { headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, ...client } })).status,
      (s) => s === 429,
      5_000,
    );
    expect(onB).toBe(429);
    expect(
      (await fetch(`${b.baseUrl}/api/v1/calls?limit=1`, { headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, ...from("192.0.2.77") } })).status,
    ).toBe(200);
  });

  it("count sign-in attempts across instances", async () => {
    const client = from(`203.0.113.${Math.floor(Math.random() * 200) + 20}`);
    const attempt = (stack: Stack) =>
      fetch(`${stack.baseUrl}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: stack.baseUrl, ...client },
        body: JSON.stringify({ email: TEST_ADMIN.email, password: "wrong-password-0000" }),
      }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < TEST_SIGN_IN_LIMIT; i++) statuses.push(await attempt(i % 2 ? a : b));
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect(await attempt(a)).toBe(429);
    expect(await attempt(b)).toBe(429);
  });

  it("enrich a finished call once, and run a sync once, whichever instance took them", async () => {
    const agent = `agent_enrich_${stamp}`;
    const call = { ...fixture("cartesia-api/list-calls.json").data[0], id: `MZenrich${stamp}`, agent_id: agent };
    fake.calls.push(call);
    fake.logs.set(call.id, ["2025-07-01 10:00:01,000 INFO  agent started"]);
    const completed = fixture("webhooks/call_completed.seed.json");
    expect(await webhook(b, { ...completed, request_id: call.id, agent_id: agent })).toBe(200);
    await until(
      "the enrichment",
      async () => (await database.query("select count(*)::int as n from jobs where key = $1 and status = 'done'", [`enrich:${call.id}`])).rows[0].n,
      (n) => n === 1,
    );
    expect(fake.requests.filter((r) => r === `GET /agents/calls/${call.id}`)).toHaveLength(1);
    expect(fake.requests.filter((r) => r === `GET /agents/calls/${call.id}/logs`)).toHaveLength(1);
    expect(fake.requests.filter((r) => r === `GET /agents/calls/${call.id}/audio`)).toHaveLength(1);

    const other = `agent_sync_${stamp}`;
    fake.calls.push({ ...call, id: `MZsync${stamp}`, agent_id: other });
    const started = await api("POST", "/api/v1/sync", { url: a.baseUrl, body: JSON.stringify({ agent_id: other }), type: "application/json" });
    expect(started.status).toBe(202);
    const { id } = started.json;
    await until(
      "the sync",
      async () => (await fetch(`${b.baseUrl}/api/v1/sync/${id}`, { headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}` } }).then((r) => r.json())).status,
      (s) => s === "done",
    );
    expect(fake.requests.filter((r) => r.startsWith(`GET /agents/calls?agent_id=${other}&`))).toHaveLength(1);
  });

  it("run retention once per interval, though both instances claim it", async () => {
    // The job comes every 2 s; with two instances claiming it, runs are still at least that far apart.
    const since = new Date();
    await new Promise((r) => setTimeout(r, 9_000));
    const { rows: runs } = await database.query("select started_at from retention_runs where started_at >= $1 order by started_at", [since]);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < runs.length; i++) expect(runs[i].started_at.getTime() - runs[i - 1].started_at.getTime()).toBeGreaterThanOrEqual(1_900);
  }, 30_000);
});
