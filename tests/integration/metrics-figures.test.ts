// What /metrics counts, against the same figures computed from scratch: the
// call counts against `count(*) … group by` over calls, on two instances
// sharing one database (each must answer the same), through inserts, status
// and agent changes, deletes, parallel deliveries and folds.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldCallCounts } from "@/lib/metrics/call-counts";
import { callObjectDelivery, fixture } from "../support/http";
import { type Instances, startInstances } from "../support/instances";
import { type Stack, TEST_MEMBER_API_KEY, TEST_WEBHOOK_SECRET } from "../support/stack";
import { until } from "../support/until";

let instances: Instances;
let database: pg.Pool;
const stamp = Date.now().toString(16);
const AGENTS = ["agent_figures_a", "agent_figures_b", "agent_figures_c"];
let sequence = 0;
const newId = () => `MZfig${stamp}x${sequence++}`;

beforeAll(async () => {
  instances = await startInstances();
  database = instances.database;
}, 120_000);

afterAll(async () => {
  await instances?.stop();
});

async function webhook(stack: Stack, body: unknown) {
  const response = await fetch(`${stack.baseUrl}/api/webhooks/cartesia`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-webhook-secret": TEST_WEBHOOK_SECRET },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** A delivery of call `id`: started (no call object), or ended with its call object, `daysAgo` days back. */
function delivery(id: string, agent: string, status: "started" | "completed" | "failed", options: { daysAgo?: number; deployment?: string } = {}) {
  const start = new Date(Date.now() - (options.daysAgo ?? 0) * 86_400_000 - 120_000);
  if (status === "started") {
    return { ...fixture("webhooks/call_started.seed.json"), request_id: id, agent_id: agent, timestamp: start.toISOString() };
  }
  return callObjectDelivery(
    id,
    agent,
    {
      status,
      start_time: start.toISOString(),
      end_time: new Date(start.getTime() + 100_000).toISOString(),
      ...(options.deployment ? { deployment_id: options.deployment } : {}),
      ...(status === "failed" ? { error_message: "the line dropped" } : {}),
    },
    { type: `call_${status}`, timestamp: new Date(start.getTime() + 101_000).toISOString() },
  );
}

/** Every series of a scrape whose name starts with one of `prefixes`, as "name{labels}" → value. */
async function scrape(stack: Stack, prefixes: string[]): Promise<Record<string, number>> {
  const response = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TEST_MEMBER_API_KEY}` } });
  expect(response.status).toBe(200);
  const series: Record<string, number> = {};
  for (const line of (await response.text()).split("\n")) {
    if (line.startsWith("#") || !prefixes.some((p) => line.startsWith(p))) continue;
    const at = line.lastIndexOf(" ");
    series[line.slice(0, at)] = Number(line.slice(at + 1));
  }
  return series;
}

/** The call counts as they were computed before they were kept: counted over calls at each scrape. */
async function countedCalls(): Promise<Record<string, number>> {
  const expected: Record<string, number> = {};
  const { rows } = await database.query<{ agent_id: string; status: string; n: number }>(
    "select coalesce(agent_id, '') as agent_id, status, count(*)::int as n from calls group by 1, 2",
  );
  for (const r of rows) {
    if (["completed", "failed", "cancelled"].includes(r.status)) expected[`callscope_calls_total{agent_id="${r.agent_id}",status="${r.status}"}`] = r.n;
    if (["created", "started", "active"].includes(r.status)) {
      const key = `callscope_calls_in_progress{agent_id="${r.agent_id}"}`;
      expected[key] = (expected[key] ?? 0) + r.n;
    }
  }
  return expected;
}

/** Both instances answer exactly what counting the calls answers, and the table adds up to it for every status. */
async function expectCountsAsCounted() {
  const expected = await countedCalls();
  for (const stack of [instances.a, instances.b]) expect(await scrape(stack, ["callscope_calls_total{", "callscope_calls_in_progress{"])).toEqual(expected);
  const kept = await database.query("select agent_id, status, sum(n)::int as n from call_status_counts group by 1, 2 having sum(n) <> 0 order by 1, 2");
  const counted = await database.query("select coalesce(agent_id, '') as agent_id, status, count(*)::int as n from calls group by 1, 2 order by 1, 2");
  expect(kept.rows).toEqual(counted.rows);
}

describe("callscope_calls_total and callscope_calls_in_progress", () => {
  it("count calls as they arrive, change status and end", async () => {
    const [a, b] = [instances.a, instances.b];
    const going = newId();
    const ended = newId();
    await webhook(a, delivery(going, AGENTS[0], "started"));
    await webhook(b, delivery(ended, AGENTS[0], "started"));
    await webhook(a, delivery(newId(), AGENTS[1], "completed", { deployment: "dep_figures_1" }));
    await webhook(b, delivery(newId(), AGENTS[1], "failed"));
    await expectCountsAsCounted();
    // The started call ends: out of in_progress, into calls_total.
    await webhook(b, delivery(ended, AGENTS[0], "completed"));
    await expectCountsAsCounted();
    // A call no delivery described yet (telemetry first): a placeholder of no agent, counted but not served.
    const placeholder = newId();
    const events = await fetch(`${a.baseUrl}/api/v1/calls/${placeholder}/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_MEMBER_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify([{ type: "log", level: "info", message: "hello", id: "e1" }]),
    });
    expect(events.status).toBeLessThan(300);
    await expectCountsAsCounted();
  });

  it("follow calls that change agent or status outside ingest, and go down when calls are deleted", async () => {
    const ids = [newId(), newId(), newId(), newId()];
    await Promise.all(ids.map((id, i) => webhook(instances.a, delivery(id, AGENTS[i % 2], i % 3 ? "completed" : "started"))));
    await expectCountsAsCounted();
    // One statement moving calls between agents (and one to no agent), another changing some statuses.
    await database.query("insert into agents (id) values ($1) on conflict do nothing", [AGENTS[2]]);
    await database.query("update calls set agent_id = case when id = $2 then null else $3 end where id = any($1::text[])", [ids, ids[0], AGENTS[2]]);
    await expectCountsAsCounted();
    await database.query("update calls set status = case status when 'started' then 'cancelled' else 'failed' end where id = any($1::text[])", [
      ids.slice(0, 3),
    ]);
    await expectCountsAsCounted();
    // A statement that changes other fields only leaves the counts alone, and appends nothing.
    const { rows: before } = await database.query("select count(*)::int as n from call_status_counts");
    await database.query("update calls set summary = 'rewritten' where id = any($1::text[])", [ids]);
    expect((await database.query("select count(*)::int as n from call_status_counts")).rows).toEqual(before);
    // Deleting calls lowers the counts (a counter reset to Prometheus).
    await database.query("delete from calls where id = any($1::text[])", [ids.slice(1)]);
    await expectCountsAsCounted();
  });

  it("stay exact under 20 deliveries at once to two instances, with folds running among them", async () => {
    const ids = Array.from({ length: 10 }, () => newId());
    // Each call's start and end race each other, half on each instance, while the rows are folded over and over.
    let folding = true;
    const folds = (async () => {
      let n = 0;
      while (folding) {
        await foldCallCounts(database);
        n++;
      }
      return n;
    })();
    await Promise.all(
      ids.flatMap((id, i) => [
        webhook(i % 2 ? instances.a : instances.b, delivery(id, AGENTS[i % 3], "started")),
        webhook(i % 2 ? instances.b : instances.a, delivery(id, AGENTS[i % 3], i % 4 ? "completed" : "failed")),
      ]),
    );
    folding = false;
    expect(await folds).toBeGreaterThan(0);
    await expectCountsAsCounted();
  });

  it("are folded into one row per agent and status by the background job, which leaves the figures as they were", async () => {
    await Promise.all(Array.from({ length: 6 }, (_, i) => webhook(instances.b, delivery(newId(), AGENTS[i % 3], "completed"))));
    const spread = async () =>
      (await database.query("select count(*)::int as rows, count(distinct (agent_id, status))::int as keys from call_status_counts")).rows[0] as {
        rows: number;
        keys: number;
      };
    // The job runs every 10 s on whichever instance claims it.
    await until("the background fold", spread, (s) => s.rows === s.keys, 30_000);
    await expectCountsAsCounted();
    // A fold with nothing to fold changes nothing.
    const { rows } = await database.query("select id::text from call_status_counts order by id");
    expect(await foldCallCounts(database)).toBe(0);
    expect((await database.query("select id::text from call_status_counts order by id")).rows).toEqual(rows);
  });
});
