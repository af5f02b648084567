// What /metrics counts, against the same figures computed from scratch, on
// two instances sharing one database (each must answer the same): the call
// counts against `count(*) … group by` over calls, through inserts, status
// and agent changes, deletes, parallel deliveries and folds; the latency
// histograms against the query that read every daily rollup at each scrape,
// over several days, agents and deployments, a late delivery to an old day,
// retention, erasure and deleted calls.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BINS_PER_MS, rebuildChangedHours } from "@/lib/latency/rollup";
import { foldCallCounts } from "@/lib/metrics/call-counts";
import { LATENCY_BUCKETS_S } from "@/lib/metrics/prometheus";
import { deleteCallContent } from "@/lib/privacy/delete-call-content";
import { runRetention } from "@/lib/privacy/retention";
import type { RecordingStorage } from "@/lib/recordings/storage";
import { callObjectDelivery, fixture, postWebhook } from "../support/http";
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
  const response = await postWebhook(body, { url: stack.baseUrl, secret: TEST_WEBHOOK_SECRET });
  expect(response.status, JSON.stringify(response.json)).toBe(200);
}

/** A transcript of one user turn and one assistant turn per value, each answered with that tts_ttfb (s). */
function transcript(ttfbs: number[]) {
  return ttfbs.flatMap((ttfb, i) => [
    { role: "user", text: "Are you open?", start_timestamp: 10 * i + 1, end_timestamp: 10 * i + 3, stt_ttfb: 0.05 + i / 100 },
    { role: "assistant", text: "We are.", start_timestamp: 10 * i + 3.4 + i / 10, end_timestamp: 10 * i + 6, tts_ttfb: ttfb },
  ]);
}

/** A delivery of call `id`: started (no call object), or ended with its call object, `daysAgo` days back. */
function delivery(
  id: string,
  agent: string,
  status: "started" | "completed" | "failed",
  options: { daysAgo?: number; deployment?: string; ttfbs?: number[] } = {},
) {
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
      ...(options.ttfbs ? { transcript: transcript(options.ttfbs) } : {}),
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

/** The metrics served from the rollups, by their name in /metrics. */
const HISTOGRAMS: Record<string, string> = {
  tts_ttfb: "callscope_tts_ttfb_seconds",
  response_gap: "callscope_response_gap_seconds",
  ...Object.fromEntries(["wait", "endpointing", "stt", "llm", "tts", "unattributed"].map((s) => [`stage_${s}`, `callscope_stage_${s}_seconds`])),
};

/** The histograms as /metrics computed them before the totals were kept: every daily row unnested at each scrape. */
async function histogramsAsBefore(): Promise<Record<string, number>> {
  const expected: Record<string, number> = {};
  const bounds = LATENCY_BUCKETS_S.map((s) => s * 1000 * BINS_PER_MS);
  for (const [metric, name] of Object.entries(HISTOGRAMS)) {
    const { rows } = await database.query<{ agent_id: string; below: number; n: string; sum_bins: number }>(
      `select d.agent_id, width_bucket(u.bin, $2::int[]) as below, sum(u.n)::text as n, sum(u.n::float8 * u.bin) as sum_bins
       from latency_daily d cross join unnest(d.bins, d.counts) u(bin, n)
       where d.metric = $1 group by 1, 2`,
      [metric, bounds.map((b) => b + 1)],
    );
    const agents = new Map<string, { counts: number[]; sumMs: number }>();
    for (const r of rows) {
      const a = agents.get(r.agent_id) ?? { counts: new Array(bounds.length + 1).fill(0), sumMs: 0 };
      agents.set(r.agent_id, a);
      a.counts[r.below] += Number(r.n);
      a.sumMs += r.sum_bins / BINS_PER_MS;
    }
    for (const [agent, a] of agents) {
      let cumulative = 0;
      a.counts.forEach((n, i) => {
        cumulative += n;
        expected[`${name}_bucket{agent_id="${agent}",le="${i < bounds.length ? LATENCY_BUCKETS_S[i] : "+Inf"}"}`] = cumulative;
      });
      expected[`${name}_sum{agent_id="${agent}"}`] = a.sumMs / 1000;
      expected[`${name}_count{agent_id="${agent}"}`] = cumulative;
    }
  }
  return expected;
}

/** No conversation measurement left to run and every noted hour rebuilt: the rollups hold still. */
async function settle() {
  const count = async (sql: string) => (await database.query(sql)).rows[0].n as number;
  await until(
    "the conversation jobs",
    () => count("select count(*)::int as n from jobs where kind = 'conversation' and status in ('queued', 'running')"),
    (n) => n === 0,
    60_000,
  );
  await until(
    "the rollups",
    async () => {
      await rebuildChangedHours(database, 0);
      return count("select count(*)::int as n from latency_changes");
    },
    (n) => n === 0,
  );
}

/** Both instances answer the histograms the old query answers: the same series, the same counts, the same sums. */
async function expectHistogramsAsBefore() {
  await settle();
  const expected = await histogramsAsBefore();
  expect(Object.keys(expected).length).toBeGreaterThan(0);
  for (const stack of [instances.a, instances.b]) {
    const served = await scrape(
      stack,
      Object.values(HISTOGRAMS).map((name) => `${name}_`),
    );
    expect(Object.keys(served).sort()).toEqual(Object.keys(expected).sort());
    for (const [series, value] of Object.entries(expected)) {
      if (series.includes("_sum{")) expect(Math.abs(served[series] - value), series).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
      else expect(served[series], series).toBe(value);
    }
  }
  return expected;
}

/** The values of one agent's tts_ttfb histogram on one UTC day, from the daily rollup. */
async function dayCount(agent: string, daysAgo: number) {
  const { rows } = await database.query(
    `select coalesce(sum(c), 0)::int as n from latency_daily, unnest(counts) c
     where metric = 'tts_ttfb' and agent_id = $1 and day = date_trunc('day', now() - $2 * interval '1 day' - interval '2 minutes', 'UTC')`,
    [agent, daysAgo],
  );
  return rows[0].n as number;
}

describe("the latency histograms", () => {
  const storage = { remove: async () => {} } as unknown as RecordingStorage;
  // On and around the bounds (0.1 s, 1.25 s, 10 s), above the last one, and zero.
  const VALUES = [0.0999, 0.1, 0.1001, 0.2, 0.35, 0.6, 0.8001, 1.25, 1.2501, 2.5, 4.99, 10, 10.0001, 12.5, 0];
  const ttfbs = (i: number) => VALUES.filter((_, k) => (k + i) % 3 !== 0);
  const byDay = new Map<number, string[]>();

  it("answer what reading every daily rollup answered, over days, agents and deployments", async () => {
    const deliveries = [0, 1, 3, 8, 40].flatMap((daysAgo) =>
      AGENTS.flatMap((agent, a) =>
        [1, 2].map((d) => {
          const id = newId();
          byDay.set(daysAgo, [...(byDay.get(daysAgo) ?? []), id]);
          return delivery(id, agent, (a + d) % 3 ? "completed" : "failed", { daysAgo, deployment: `dep_figures_${a}_${d}`, ttfbs: ttfbs(a + d + daysAgo) });
        }),
      ),
    );
    for (const [i, body] of deliveries.entries()) await webhook(i % 2 ? instances.a : instances.b, body);
    const expected = await expectHistogramsAsBefore();
    expect(expected[`callscope_tts_ttfb_seconds_count{agent_id="${AGENTS[0]}"}`]).toBeGreaterThan(0);
    expect(expected[`callscope_stage_tts_seconds_count{agent_id="${AGENTS[1]}"}`]).toBeGreaterThan(0);
  });

  it("follow a late delivery that rebuilds an old day", async () => {
    const before = await dayCount(AGENTS[2], 8);
    await webhook(instances.a, delivery(newId(), AGENTS[2], "completed", { daysAgo: 8, deployment: "dep_figures_late", ttfbs: [0.3, 0.9, 11] }));
    await expectHistogramsAsBefore();
    expect(await dayCount(AGENTS[2], 8)).toBe(before + 3);
  });

  it("keep counting what retention deletes, and stop counting what is erased or deleted", async () => {
    await database.query(`insert into settings (key, value) values ('privacy', $1::jsonb) on conflict (key) do update set value = excluded.value`, [
      JSON.stringify({ redact: [], retentionDays: 30, recordingRetentionDays: null, agents: {} }),
    ]);
    const retained = await runRetention(database, storage);
    await database.query("delete from settings where key = 'privacy'");
    expect(retained.calls).toBe(byDay.get(40)!.length);
    // The old calls' hours rebuilt from what is stored, as a late delivery to them would have it.
    await database.query("insert into latency_changes (hour) select distinct date_trunc('hour', sort_time, 'UTC') from calls where id = any($1::text[])", [
      byDay.get(40),
    ]);
    const kept = await expectHistogramsAsBefore();
    expect(await dayCount(AGENTS[0], 40)).toBeGreaterThan(0);

    // Erasing a call's content, and deleting calls, take their values out.
    const [erased, ...rest] = byDay.get(3)!;
    expect(await deleteCallContent(database, storage, erased, { at: new Date().toISOString(), by: "test", reason: "erased" })).toBe(true);
    await database.query("delete from calls where id = any($1::text[])", [[...rest, ...byDay.get(8)!]]);
    const after = await expectHistogramsAsBefore();
    const total = (e: Record<string, number>) => AGENTS.reduce((n, agent) => n + (e[`callscope_tts_ttfb_seconds_count{agent_id="${agent}"}`] ?? 0), 0);
    expect(total(after)).toBeLessThan(total(kept));
    await expectCountsAsCounted();
  });
});
