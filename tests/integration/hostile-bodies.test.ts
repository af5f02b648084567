// One hostile request must not stop or stall the server: 50 MB bodies of
// every telemetry shape, streamed (no Content-Length, so the server cannot
// refuse them before reading) and declared, from an ingest key, while
// /api/health is polled and a normal telemetry post is sent. The server
// answers each with a 413 naming the limit it passed, keeps answering,
// stores the normal post, and keeps nothing of the hostile ones. (How fast
// and how much memory: `npm run bench -- hostile`.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query } from "../support/db";
import { api, baseUrl, newCallId } from "../support/http";
import { sendStreamed, streamedBody } from "../support/streamed-body";

const MB50 = 50 * 1024 * 1024;
const declaredBody = new Uint8Array(MB50).fill(0x78);
let ingestKey: string;
let polling = true;
const health: number[] = [];
let poller: Promise<void>;

beforeAll(async () => {
  const made = await api("POST", "/api/v1/keys", { body: JSON.stringify({ label: "hostile", role: "ingest" }), type: "application/json" });
  ingestKey = made.json.key;
  poller = (async () => {
    while (polling) {
      const res = await fetch(`${baseUrl()}/api/health`).catch(() => null);
      health.push(res?.status ?? 0);
      await res?.arrayBuffer().catch(() => {});
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
});

afterAll(async () => {
  polling = false;
  await poller;
});

const SHAPES = [
  { name: "x\\n lines as text/plain call logs", route: (id: string) => `/api/v1/calls/${id}/logs`, type: "text/plain", parts: { fill: "x\n" } },
  {
    name: "a JSON array [1,1,1,…] of events",
    route: (id: string) => `/api/v1/calls/${id}/events`,
    type: "application/json",
    parts: { head: "[", fill: "1,", tail: "1]" },
  },
  {
    name: "NDJSON events",
    route: (id: string) => `/api/v1/calls/${id}/events`,
    type: "application/x-ndjson",
    parts: { fill: '{"type":"log","message":"x"}\n' },
  },
  {
    name: "one NDJSON line of 50 MB",
    route: (id: string) => `/api/v1/calls/${id}/events`,
    type: "application/x-ndjson",
    parts: { head: '{"type":"log","message":"', fill: "y", tail: '"}' },
  },
  { name: "JSON array logs", route: (id: string) => `/api/v1/calls/${id}/logs`, type: "application/json", parts: { head: "[", fill: '"x",', tail: '"x"]' } },
  { name: "deployment log lines", route: (id: string) => `/api/v1/deployments/dep_${id}/logs`, type: "text/plain", parts: { fill: "x\n" } },
  {
    name: "a deployment with huge build_logs",
    route: (id: string) => `/api/v1/deployments/dep_${id}`,
    type: "application/json",
    method: "PUT",
    parts: { head: '{"status":"built","build_logs":"', fill: "x\\n", tail: '"}' },
  },
];

describe("hostile bodies", () => {
  it.each(SHAPES)("50 MB of $name: refused with a 413 naming the limit, nothing kept, the server answering throughout", async (shape) => {
    const id = newCallId("MZhostile");
    const normal = newCallId("MZnormal");
    const [hostile, declared, ok] = await Promise.all([
      sendStreamed(`${baseUrl()}${shape.route(id)}`, {
        method: shape.method ?? "POST",
        headers: { authorization: `Bearer ${ingestKey}`, "content-type": shape.type },
        body: streamedBody(MB50, shape.parts),
      }),
      // The same size declared: refused before a byte of it is read.
      fetch(`${baseUrl()}${shape.route(`${id}d`)}`, {
        method: shape.method ?? "POST",
        headers: { authorization: `Bearer ${ingestKey}`, "content-type": shape.type },
        body: declaredBody,
      })
        .then(async (r) => ({ status: r.status, json: await r.json() }))
        .catch((error: Error) => ({ status: 0, json: { error: { message: error.message } } })),
      api("POST", `/api/v1/calls/${normal}/events`, {
        body: JSON.stringify([{ type: "log_event", event: "still_here" }]),
        type: "application/json",
        key: ingestKey,
      }),
    ]);
    expect(hostile.status, JSON.stringify(hostile)).toBe(413);
    expect(hostile.json.error.details.limit).toMatch(/^TELEMETRY_MAX_(BODY_BYTES|ITEMS)$/);
    expect(hostile.json.error.message).toContain(hostile.json.error.details.limit);
    expect(declared.status).toBe(413);
    expect(ok.status).toBe(200);
    expect(await query("select name from call_events where call_id = $1", [normal])).toEqual([{ name: "still_here" }]);
    // Nothing partial: no placeholder call, no event or log line, no deployment.
    for (const target of [id, `${id}d`]) {
      expect(await query("select 1 from calls where id = $1", [target])).toEqual([]);
      expect(await query("select 1 from call_events where call_id = $1", [target])).toEqual([]);
      expect(await query("select 1 from deployments where id = $1", [`dep_${target}`])).toEqual([]);
    }
    const health = await fetch(`${baseUrl()}/api/health`);
    expect(health.status).toBe(200);
  });

  it("kept /api/health answering 200 all the while", () => {
    expect(health.length).toBeGreaterThan(10);
    expect(health.filter((s) => s !== 200)).toEqual([]);
  });
});
