// Monthly partitions: the worker's function makes the months ahead (and waits
// for no lock), and retention drops a past month whole when none of its
// calls is kept, with the same outcome as its row-by-row deletes: calls
// marked, latency values kept, the latency histograms unchanged. A month
// with a call still in its period, or of an agent with a longer period of
// its own, keeps its partitions and loses only its expired calls' rows.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureMonthPartitions, partitionName } from "@/lib/db/month-partitions";
import { rebuildChangedHours } from "@/lib/latency/rollup";
import { runRetention } from "@/lib/privacy/retention";
import { localStorage } from "@/lib/recordings/storage";
import { until } from "../support/until";

const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 4 });
afterAll(() => pool.end());

const TABLES = ["turns", "tool_calls", "call_events", "kept_turn_latency", "response_gaps"];
const stamp = Date.now().toString(36);

const count = async (sql: string, params: unknown[] = []) => (await pool.query(`select count(*)::int as n ${sql}`, params)).rows[0].n as number;
const oid = async (name: string) => (await pool.query("select to_regclass($1)::oid::text as oid", [name])).rows[0].oid as string | null;
const isPartitionOf = async (name: string, parent: string) =>
  count("from pg_inherits where inhrelid = to_regclass($1) and inhparent = to_regclass($2)", [name, parent]);

/** A past month's partitions of the five tables, made as the migration makes them. */
async function makeMonth(month: string, next: string) {
  for (const t of TABLES) {
    await pool.query(`create table if not exists ${partitionName(t, month)} partition of ${t} for values from ('${month}') to ('${next}')`);
  }
}

/** A stored call of `month` with two turns of latency values, a tool call, an event, a response gap and a raw delivery. */
async function addCall(id: string, month: string, at: string, agent: string) {
  await pool.query("insert into agents (id) values ($1) on conflict do nothing", [agent]);
  await pool.query(
    `insert into calls (id, call_month, sort_time, start_time, agent_id, status, summary) values ($1, $2, $3, $3, $4, 'completed', 'a summary')`,
    [id, month, at, agent],
  );
  const { rows } = await pool.query(
    `insert into turns (call_id, call_month, role, start_s, start_ms, source, tts_ttfb, stt_ttfb, text)
     values ($1, $2, 'assistant', 0, 0, 'body', 0.42, null, 'hello'), ($1, $2, 'user', 3, 3000, 'body', null, 0.18, 'hi')
     returning id`,
    [id, month],
  );
  await pool.query("insert into tool_calls (call_id, call_month, turn_id, position, name) values ($1, $2, $3, 0, 'lookup')", [id, month, rows[0].id]);
  await pool.query("insert into call_events (call_id, call_month, kind, message) values ($1, $2, 'log', 'a log line')", [id, month]);
  await pool.query("insert into response_gaps (call_id, call_month, turn_index, user_turn_index, gap_ms) values ($1, $2, 1, 0, 640)", [id, month]);
  await pool.query("insert into webhook_deliveries (dedup_key, type, call_id, outcome, payload) values ($1, 'call_completed', $2, 'applied', $3)", [
    `dedup-${id}`,
    id,
    JSON.stringify({ type: "call_completed", call: { id, summary: "a summary" } }),
  ]);
}

/** Rebuilds every noted hour (the server's own rebuilder may take a round meanwhile). */
async function rebuildAll() {
  for (let i = 0; i < 100; i++) {
    await rebuildChangedHours(pool, 0);
    if ((await count("from latency_changes")) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("latency_changes never drained");
}

const histograms = async (from: string, to: string) => ({
  hourly: (
    await pool.query("select metric, hour, agent_id, deployment_id, bins, counts from latency_hourly where hour >= $1 and hour < $2 order by 1, 2, 3, 4", [
      from,
      to,
    ])
  ).rows,
  daily: (
    await pool.query("select metric, day, agent_id, deployment_id, bins, counts from latency_daily where day >= $1 and day < $2 order by 1, 2, 3, 4", [
      from,
      to,
    ])
  ).rows,
});

describe("monthly partitions", () => {
  it("are made ahead by the worker at boot, again after a busy lock, once each", async () => {
    // The worker's recurring job ran at boot and comes back in about an hour.
    await until(
      "the partitions job to have run",
      async () =>
        (await pool.query("select run_at > now() + interval '50 minutes' as later from jobs where key = 'month_partitions' and status = 'queued'")).rows,
      (r) => r[0]?.later === true,
      40_000,
    );
    const month = (await pool.query("select to_char(date_trunc('month', now() at time zone 'UTC') + interval '2 months', 'YYYY-MM-01') as m")).rows[0]
      .m as string;
    for (const t of TABLES) expect(await oid(partitionName(t, month)), t).not.toBeNull();

    // The furthest month's partitions gone (tool calls before the turns they reference), and made again.
    for (const t of ["tool_calls", "call_events", "kept_turn_latency", "response_gaps", "turns"]) {
      await pool.query(`alter table ${t} detach partition ${partitionName(t, month)}`);
      await pool.query(`drop table ${partitionName(t, month)}`);
    }
    // While another transaction holds turns, the function gives up within its lock timeout instead of waiting.
    const holder = await pool.connect();
    try {
      await holder.query("begin");
      await holder.query("lock table turns in access share mode");
      const started = performance.now();
      expect(await ensureMonthPartitions(pool)).toBeNull();
      expect(performance.now() - started).toBeLessThan(5000);
      expect(await oid(partitionName("turns", month))).toBeNull();
    } finally {
      await holder.query("rollback");
      holder.release();
    }
    expect(await ensureMonthPartitions(pool)).toBe(TABLES.length);
    for (const t of TABLES) expect(await isPartitionOf(partitionName(t, month), t), t).toBe(1);
    expect(await ensureMonthPartitions(pool)).toBe(0);
  });
});

describe("retention by month", () => {
  const dropped = "2001-03-01";
  const mixed = "2001-04-01";
  const longAgent = "2001-05-01";
  const ids = {
    dropped: [`MZdrop1${stamp}`, `MZdrop2${stamp}`],
    mixedOld: `MZmixold${stamp}`,
    mixedFresh: `MZmixfresh${stamp}`,
    longOld: `MZlongold${stamp}`,
    longKept: `MZlongkept${stamp}`,
  };

  beforeAll(async () => {
    // The server's own retention waits: this test runs it.
    await pool.query(
      `insert into jobs (kind, key, payload, run_at) values ('retention', 'retention', '{}', now() + interval '1 day')
       on conflict (key) do update set run_at = excluded.run_at`,
    );
    await makeMonth(dropped, mixed);
    await makeMonth(mixed, longAgent);
    await makeMonth(longAgent, "2001-06-01");
    await addCall(ids.dropped[0], dropped, "2001-03-10T10:05:00Z", "agent_month");
    await addCall(ids.dropped[1], dropped, "2001-03-10T10:40:00Z", "agent_month");
    await addCall(ids.mixedOld, mixed, "2001-04-10T10:00:00Z", "agent_month");
    await addCall(ids.mixedFresh, mixed, new Date(Date.now() - 86_400_000).toISOString(), "agent_month");
    await addCall(ids.longOld, longAgent, "2001-05-10T10:00:00Z", "agent_month");
    await addCall(ids.longKept, longAgent, "2001-05-10T11:00:00Z", "agent_month_long");
    await pool.query(`insert into settings (key, value) values ('privacy', $1::jsonb) on conflict (key) do update set value = excluded.value`, [
      JSON.stringify({
        redact: ["card"],
        retentionDays: 30,
        recordingRetentionDays: null,
        agents: { agent_month_long: { retentionDays: 36500, recordingRetentionDays: null } },
      }),
    ]);
  });
  afterAll(() => pool.query("delete from settings where key = 'privacy'"));

  it("drops a month whose calls are all expired, keeps months with a call to keep, and leaves the latency figures as they were", async () => {
    await rebuildAll();
    const before = await histograms(dropped, "2001-06-01");
    expect(before.hourly.filter((h) => new Date(h.hour) < new Date(mixed)).map((h) => h.metric)).toEqual(
      expect.arrayContaining(["tts_ttfb", "stt_ttfb", "response_gap"]),
    );
    const oids = Object.fromEntries(
      await Promise.all([dropped, mixed, longAgent].flatMap((m) => TABLES.map(async (t) => [partitionName(t, m), await oid(partitionName(t, m))] as const))),
    );

    // Every call past its period counts, this file's and any other's on the shared database.
    const expired = await count(
      "from calls where content_deleted_at is null and sort_time < now() - interval '30 days' and agent_id is distinct from 'agent_month_long'",
    );
    expect(expired).toBeGreaterThanOrEqual(4);
    const storage = localStorage(mkdtempSync(path.join(tmpdir(), "callscope-months-")));
    const result = await runRetention(pool, storage);
    expect(result.monthsDropped).toBe(1);
    expect(result.calls).toBeGreaterThanOrEqual(expired);
    expect(result.more).toBe(false);

    // The expired month: its partitions of content made again, empty and attached; kept values and gaps where they were.
    for (const t of ["turns", "tool_calls", "call_events"]) {
      const name = partitionName(t, dropped);
      expect(await oid(name), name).not.toBe(oids[name]);
      expect(await oid(name), name).not.toBeNull();
      expect(await isPartitionOf(name, t), name).toBe(1);
      expect(await count(`from ${name}`), name).toBe(0);
    }
    for (const t of ["kept_turn_latency", "response_gaps"]) expect(await oid(partitionName(t, dropped))).toBe(oids[partitionName(t, dropped)]);
    expect(await count("from turns where call_id = any($1)", [ids.dropped])).toBe(0);
    expect(await count("from response_gaps where call_id = any($1)", [ids.dropped])).toBe(2);
    const kept = await pool.query(
      "select call_id, call_month::text as month, tts_ttfb, stt_ttfb from kept_turn_latency where call_id = any($1) order by call_id, tts_ttfb nulls last",
      [ids.dropped],
    );
    expect(kept.rows).toEqual(
      ids.dropped.flatMap((id) => [
        { call_id: id, month: dropped, tts_ttfb: 0.42, stt_ttfb: null },
        { call_id: id, month: dropped, tts_ttfb: null, stt_ttfb: 0.18 },
      ]),
    );
    const stubs = await pool.query("select summary, content_deleted_at, extra->'content_deleted'->>'reason' as reason from calls where id = any($1)", [
      ids.dropped,
    ]);
    expect(stubs.rows).toHaveLength(2);
    for (const stub of stubs.rows) expect(stub).toMatchObject({ summary: null, content_deleted_at: expect.any(Date), reason: "retention" });
    expect(await count("from webhook_deliveries where call_id = any($1) and payload ? 'call'", [ids.dropped])).toBe(0);

    // A month with a call still in its period, and one with a call of an agent kept longer: same partitions, only the expired calls' rows gone.
    for (const m of [mixed, longAgent]) for (const t of TABLES) expect(await oid(partitionName(t, m))).toBe(oids[partitionName(t, m)]);
    for (const id of [ids.mixedOld, ids.longOld]) {
      expect(await count("from turns where call_id = $1", [id])).toBe(0);
      expect(await count("from tool_calls where call_id = $1", [id])).toBe(0);
      expect(await count("from call_events where call_id = $1", [id])).toBe(0);
      expect(await count("from kept_turn_latency where call_id = $1 and call_month = $2", [id, id === ids.mixedOld ? mixed : longAgent])).toBe(2);
    }
    for (const id of [ids.mixedFresh, ids.longKept]) {
      expect(await count("from turns where call_id = $1", [id])).toBe(2);
      expect(await count("from tool_calls where call_id = $1", [id])).toBe(1);
      expect(await count("from call_events where call_id = $1", [id])).toBe(1);
      expect(await count("from calls where id = $1 and content_deleted_at is null and summary is not null", [id])).toBe(1);
    }

    // The histograms of those hours as they were, and again after the hours are rebuilt from what is stored.
    expect(await histograms(dropped, "2001-06-01")).toEqual(before);
    const hours = before.hourly.map((h) => h.hour);
    await pool.query("insert into latency_changes (hour, noted_at) select unnest($1::timestamptz[]), now() - interval '1 hour'", [hours]);
    await rebuildAll();
    expect(await histograms(dropped, "2001-06-01")).toEqual(before);

    // A late row of a dropped month's call still has a partition to go to; a second run drops nothing more.
    await pool.query("insert into call_events (call_id, call_month, kind, message) values ($1, $2, 'log', 'late')", [ids.dropped[0], dropped]);
    expect(await count(`from ${partitionName("call_events", dropped)}`)).toBe(1);
    await pool.query("delete from call_events where call_id = $1", [ids.dropped[0]]);
    expect((await runRetention(pool, storage)).monthsDropped).toBe(0);
  });

  it("leaves an expired month to the row-by-row deletes while its tables' locks are busy", async () => {
    const busy = "2001-06-01";
    const calls = [`MZbusy1${stamp}`, `MZbusy2${stamp}`];
    await makeMonth(busy, "2001-07-01");
    for (const id of calls) await addCall(id, busy, "2001-06-10T10:00:00Z", "agent_month");
    const turnsPartition = await oid(partitionName("turns", busy));
    const holder = await pool.connect();
    let result: Awaited<ReturnType<typeof runRetention>>;
    try {
      // A reader of turns holds it: the month's DETACH would wait, so the month is not dropped.
      await holder.query("begin");
      await holder.query("lock table turns in access share mode");
      result = await runRetention(pool, localStorage(mkdtempSync(path.join(tmpdir(), "callscope-months-"))));
    } finally {
      await holder.query("rollback");
      holder.release();
    }
    expect(result).toMatchObject({ monthsDropped: 0, calls: 2, more: false });
    expect(await oid(partitionName("turns", busy))).toBe(turnsPartition);
    expect(await count("from turns where call_id = any($1)", [calls])).toBe(0);
    expect(await count("from call_events where call_id = any($1)", [calls])).toBe(0);
    expect(await count("from kept_turn_latency where call_id = any($1) and call_month = $2", [calls, busy])).toBe(4);
    expect(await count("from calls where id = any($1) and content_deleted_at is not null", [calls])).toBe(2);
  });
});
