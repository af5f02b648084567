// Bad input for the endpoints that face the outside: Cartesia's webhook and
// the telemetry API. Payloads are the fixtures mutated by fast-check (fields
// removed, replaced by values of any type, wrapped, truncated) and random
// JSON or bytes. Every answer must be a 2xx, or a 4xx with a JSON error -
// never a 5xx - and the database must hold nothing partial: a refused
// request leaves no call behind, an accepted one leaves exactly what it says.
// `npm run fuzz` runs the same properties with FUZZ_RUNS=10000.
import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { query } from "../support/db";
import { api, FIXTURES, fixture, newCallId, postWebhook } from "../support/http";

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const WEBHOOK_RUNS = Math.ceil(RUNS * 0.6);
const TELEMETRY_RUNS = Math.ceil(RUNS * 0.4);
const timeout = 60_000 + RUNS * 100;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const WEBHOOKS = readdirSync(path.join(FIXTURES, "webhooks")).map((name) => fixture<{ [key: string]: Json }>(`webhooks/${name}`));
const EVENTS: Json[] = [
  { type: "log_event", event: "booking_found", metadata: { level: "info", message: "Found", metadata: { slot: "Tue" } }, timestamp: 11.5 },
  { type: "log_metric", name: "lookup_ms", value: 412, timestamp: 12 },
  { type: "log", level: "warning", message: "calendar slow", timestamp: "2025-07-04T12:30:11.014Z" },
];

/** Every place in a JSON value a mutation can hit. */
function pathsOf(value: Json, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => pathsOf(v, [...at, i])));
  if (value && typeof value === "object") return here.concat(Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k])));
  return here;
}

const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.constantFrom<Json>(
    "",
    "null",
    "1e999",
    "NaN",
    "2025-13-45T99:99:99Z",
    "9999-12-31T23:59:59.999999999Z",
    "0000-01-01T00:00:00Z",
    "2025-06-24T23:35:51.1029381129999Z",
    -1,
    0,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    true,
    [],
    {},
    "\u0000",
    "\ud800",
    "😀".repeat(500),
    "x".repeat(70_000),
    [[[[[[[[[[[]]]]]]]]]]],
  ),
);

type Mutation = { pick: number; kind: "delete" | "replace" | "wrap"; value: Json };
const mutation: fc.Arbitrary<Mutation> = fc.record({ pick: fc.nat(), kind: fc.constantFrom("delete", "replace", "wrap"), value: oddValue });

function mutate(base: Json, mutations: Mutation[]): Json {
  let value: Json = structuredClone(base);
  for (const m of mutations) {
    const paths = pathsOf(value);
    const target = paths[m.pick % paths.length];
    if (target.length === 0) {
      value = m.kind === "wrap" ? [value] : m.kind === "replace" ? structuredClone(m.value) : {};
      continue;
    }
    const parent = target.slice(0, -1).reduce<any>((node, key) => node[key], value);
    const key = target[target.length - 1];
    if (m.kind === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else parent[key] = m.kind === "wrap" ? { value: parent[key] } : structuredClone(m.value);
  }
  return value;
}

/** A body as sent: mutated JSON, any JSON, or text that is not JSON at all. */
const body = (bases: Json[]) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([b, ms]) => JSON.stringify(mutate(b, ms))),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...bases), fc.nat()).map(([b, n]) => {
        const s = JSON.stringify(b);
        return s.slice(0, n % s.length);
      }),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  );

function expectWellFormed(status: number, json: any) {
  expect(status, JSON.stringify(json)).toBeLessThan(500);
  if (status >= 400) {
    expect(typeof json?.error?.code).toBe("string");
    expect(typeof json?.error?.message).toBe("string");
    expect(JSON.stringify(json)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  }
}

const touched: string[] = [];

async function callRow(id: string) {
  const [row] = await query("select status, turn_count, (select count(*)::int from turns t where t.call_id = c.id) as turns from calls c where id = $1", [id]);
  return row as { status: string; turn_count: number; turns: number } | undefined;
}

describe("bad input never gets a 5xx and never leaves partial data", () => {
  it(`webhook: ${WEBHOOK_RUNS} mutated or random deliveries`, { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(body(WEBHOOKS), async (raw) => {
        // A fresh call id where the mutation left one, so what the delivery did can be checked.
        const id = newCallId("MZfuzz");
        let sent = raw;
        try {
          const parsed = JSON.parse(raw);
          if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && typeof parsed.request_id === "string") {
            sent = JSON.stringify({
              ...parsed,
              request_id: id,
              ...(parsed.call && typeof parsed.call === "object" && !Array.isArray(parsed.call) ? { call: { ...parsed.call, id } } : {}),
            });
          }
        } catch {
          // not JSON: sent as it is
        }
        // An answer that never comes is a failure too, shown with its input.
        const res = await postWebhook(null, { raw: sent, timeoutMs: 20_000 });
        expectWellFormed(res.status, res.json);
        const call = await callRow(id);
        if (res.status >= 400 || res.json?.outcome === "unknown_type") expect(call).toBeUndefined();
        if (call) {
          touched.push(id);
          expect(res.json?.outcome).toMatch(/applied|duplicate/);
          expect(call.turn_count).toBe(call.turns);
        }
      }),
      { numRuns: WEBHOOK_RUNS },
    );
  });

  it(`telemetry: ${TELEMETRY_RUNS} mutated or random event batches, as JSON and NDJSON`, { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(body([...EVENTS, EVENTS]), fc.boolean(), async (raw, ndjson) => {
        const id = newCallId("MZfuzz");
        let sent = raw;
        if (ndjson) {
          try {
            const parsed = JSON.parse(raw);
            sent = Array.isArray(parsed) ? parsed.map((item) => JSON.stringify(item)).join("\n") : raw;
          } catch {
            // not JSON: sent as it is
          }
        }
        const res = await api("POST", `/api/v1/calls/${id}/events`, {
          body: sent,
          type: ndjson ? "application/x-ndjson" : "application/json",
          timeoutMs: 20_000,
        });
        expectWellFormed(res.status, res.json);
        const [{ count }] = await query("select count(*)::int as count from call_events where call_id = $1", [id]);
        if (res.status >= 400) {
          expect(await callRow(id)).toBeUndefined();
          expect(count).toBe(0);
        } else {
          touched.push(id);
          expect(count).toBe(res.json.stored);
        }
      }),
      { numRuns: TELEMETRY_RUNS },
    );
  });

  it("call ids in the path that are not ids are refused with 400, and create nothing", async () => {
    for (const id of ["a".repeat(300), "%00", "%0A"]) {
      const res = await api("POST", `/api/v1/calls/${id}/events`, { body: JSON.stringify(EVENTS), type: "application/json" });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("bad_request");
    }
    const [{ count }] = await query("select count(*)::int as count from calls where id = $1 or id = $2", ["a".repeat(300), "\n"]);
    expect(count).toBe(0);
  });

  afterAll(async () => {
    // Whatever was accepted is whole: no turn or event without its call, no call of an unknown agent.
    const [orphans] = await query(`
      select
        (select count(*)::int from turns t where not exists (select 1 from calls c where c.id = t.call_id)) as turns,
        (select count(*)::int from call_events e where not exists (select 1 from calls c where c.id = e.call_id)) as events,
        (select count(*)::int from calls c where c.agent_id is not null and not exists (select 1 from agents a where a.id = c.agent_id)) as calls`);
    expect(orphans).toEqual({ turns: 0, events: 0, calls: 0 });
  });
});
