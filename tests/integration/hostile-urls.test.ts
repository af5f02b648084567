// Hostile URLs for every read route, API and console: NUL bytes, broken
// percent-encoding, dates out of range, crafted cursors, unknown time zones,
// non-ASCII redirects. The answer is never a 5xx and never a reset
// connection; the API's refusals carry the JSON error shape.
// `npm run fuzz` runs the property with FUZZ_RUNS=10000.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN } from "../support/stack";
import { adminKey, baseUrl, fixture, newCallId, postWebhook, signInCookie } from "../support/http";

const RUNS = Math.ceil(Number(process.env.FUZZ_RUNS ?? 500) * 0.4);
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
let cookie = "";
let callId = "";

beforeAll(async () => {
  const res = await signInCookie(TEST_ADMIN, "192.0.2.77");
  expect(res.status).toBe(200);
  cookie = res.cookie;
  callId = newCallId();
  expect((await postWebhook({ ...fixture("webhooks/call_completed.seed.json"), request_id: callId })).status).toBe(200);
});

async function get(target: string, as: "key" | "cookie" | "none" = "key") {
  const headers: Record<string, string> = as === "key" ? { authorization: `Bearer ${adminKey()}` } : as === "cookie" ? { cookie } : {};
  const response = await fetch(`${baseUrl()}${target}`, { headers, redirect: "manual" });
  const body = await response.text();
  return { status: response.status, body, type: response.headers.get("content-type") ?? "" };
}

function expectJsonError(res: { status: number; body: string; type: string }, target: string) {
  expect(res.status, `${target}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${target}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
  expect(res.type, target).toContain("application/json");
  const json = JSON.parse(res.body);
  expect(typeof json.error.code, target).toBe("string");
  expect(json.error.message.length, target).toBeGreaterThan(0);
}

const GARBAGE_CURSOR = cursorOf({ v: "garbage", id: "x" });

describe("hostile query strings, path segments and cursors", () => {
  it.each([
    "/api/v1/calls?q=a%00b",
    "/api/v1/calls?agent_id=%00",
    "/api/v1/calls?status=%00",
    "/api/v1/calls?deployment_id=%00",
    "/api/v1/calls?from=0000-01-01",
    "/api/v1/calls?from=-200000-01-01",
    "/api/v1/calls?from=%2B275760-09-13",
    "/api/v1/calls?from=10000-01-01",
    "/api/v1/calls?to=10000-01-01",
    ...["newest", "oldest", "longest", "slowest"].map((sort) => `/api/v1/calls?sort=${sort}&cursor=${GARBAGE_CURSOR}`),
    `/api/v1/calls?sort=longest&cursor=${cursorOf({ v: "2025-01-01T00:00:00Z", id: "x" })}`,
    `/api/v1/calls?cursor=${cursorOf({ v: "2025-01-01T00:00:00Z", id: "a\u0000b" })}`,
    `/api/v1/calls?cursor=${cursorOf({ v: "10000-01-01T00:00:00Z", id: "x" })}`,
    "/api/v1/calls/%c0%ae",
    "/api/v1/calls/%E0%A4%A",
    "/api/v1/calls/%ff",
    "/api/v1/calls/a%00b",
    "/api/v1/calls/a%00b/transcript",
    "/api/v1/deployments/%00",
    "/api/v1/transcripts?q=a%00b",
    "/api/v1/transcripts?from=10000-01-01",
    "/api/v1/transcripts?agent_id=%00&format=csv",
  ])("API %s: a 4xx with the JSON error", async (target) => {
    expectJsonError(await get(target), target);
  });

  it.each(["/api/v1/calls/%c0%ae", "/api/v1/calls/%E0%A4%A", "/api/v1/calls/%ff"])("without credentials, %s is a 4xx with the JSON error", async (target) => {
    expectJsonError(await get(target, "none"), target);
  });

  it.each([
    "/exports/transcripts?q=a%00b",
    "/exports/transcripts?from=-200000-01-01&format=csv",
    "/settings/webhooks?call=%00",
    `/settings/webhooks?cursor=${GARBAGE_CURSOR}`,
    "/calls/%ff",
  ])("console %s: a 4xx, not an error page", async (target) => {
    const res = await get(target, "cookie");
    expect(res.status, res.body.slice(0, 200)).toBeGreaterThanOrEqual(200);
    expect(res.status, res.body.slice(0, 200)).toBeLessThan(500);
    if (target.startsWith("/exports") || target.includes("%00") || target.includes("%ff")) expectJsonError(res, target);
  });

  it("answers a crafted cursor of the delivery log and the calls list on their pages with a message", async () => {
    for (const target of [`/settings/webhooks?cursor=${GARBAGE_CURSOR}`, `/calls?cursor=${GARBAGE_CURSOR}`, "/calls?from=10000-01-01"]) {
      const res = await get(target, "cookie");
      expect(res.status, target).toBe(200);
      expect(res.body, target).toMatch(/not valid/);
    }
  });

  it("answers an unknown time zone on the latency page with a message and UTC", async () => {
    for (const tz of ["Foo/Bar", "E", "Europe/Berln", "+05:30"]) {
      const res = await get(`/latency?tz=${encodeURIComponent(tz)}`, "cookie");
      expect(res.status, tz).toBe(200);
      expect(res.body, tz).toContain("is not a time zone Callscope knows");
    }
    const known = await get("/latency?tz=Europe%2FBerlin", "cookie");
    expect(known.body).not.toContain("is not a time zone Callscope knows");
  });

  it("refuses a NUL in a key's label or id with a 4xx and the JSON error", async () => {
    const headers = { authorization: `Bearer ${adminKey()}`, "content-type": "application/json" };
    const created = await fetch(`${baseUrl()}/api/v1/keys`, { method: "POST", headers, body: JSON.stringify({ label: "a\u0000b", role: "ingest" }) });
    expectJsonError({ status: created.status, body: await created.text(), type: created.headers.get("content-type") ?? "" }, "POST /api/v1/keys");
    const revoked = await fetch(`${baseUrl()}/api/v1/keys/%27%00`, { method: "DELETE", headers });
    expectJsonError({ status: revoked.status, body: await revoked.text(), type: revoked.headers.get("content-type") ?? "" }, "DELETE /api/v1/keys/%27%00");
  });

  it("answers an unknown API path with a JSON 404", async () => {
    const res = await get("/api/v1/nothing/here");
    expect(res.status).toBe(404);
    expectJsonError(res, "/api/v1/nothing/here");
  });

  it("sends a signed-in visitor to a non-ASCII next path percent-encoded, on this site", async () => {
    const res = await get("/sign-in?next=/%E3%80%82evil.example", "cookie");
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
  });

  it(
    "never answers a read route's hostile query or path with a 5xx or a reset (property)",
    async () => {
      const hostile = fc.oneof(
        fc.constantFrom(
          "%00",
          "a%00b",
          "%ff",
          "%c0%ae",
          "%E0%A4%A",
          "%",
          "%%",
          "0000-01-01",
          "-200000-01-01",
          "%2B275760-09-13",
          "10000-01-01",
          "9999-12-31T23:59:59.999Z",
          "2025-13-45",
          "Foo/Bar",
          "E",
          "Europe/Berln",
          "+05:30",
          "1e309",
          "-1",
          "NaN",
          "9".repeat(40),
          GARBAGE_CURSOR,
          cursorOf({ v: 1e308, id: "x" }),
          cursorOf({ v: null, id: null }),
          cursorOf({ v: "2025-01-01", id: "1".repeat(30) }),
          cursorOf([1, 2]),
          "eyJ",
          "x".repeat(600),
          "😀",
          "%F0%9F%98%80",
        ),
        fc.string({ maxLength: 40 }).map(encodeURIComponent),
        fc.string({ unit: "binary", maxLength: 20 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ""))),
        fc.jsonValue({ maxDepth: 2 }).map((v) => cursorOf(v)),
      );
      const API_QUERIES = [
        "agent_id",
        "status",
        "deployment_id",
        "from",
        "to",
        "since",
        "until",
        "range",
        "recording",
        "q",
        "sort",
        "cursor",
        "limit",
        "count",
        "format",
        "include",
        "after",
        "download",
      ];
      const PAGE_QUERIES = [
        "agent",
        "status",
        "deployment",
        "from",
        "to",
        "range",
        "recording",
        "q",
        "sort",
        "cursor",
        "metric",
        "threshold",
        "compare",
        "tz",
        "outcome",
        "type",
        "call",
        "t",
        "next",
      ];
      const routes: [string, "key" | "cookie", string[]][] = [
        ["/api/v1/calls", "key", API_QUERIES],
        ["/api/v1/calls/{id}", "key", API_QUERIES],
        ["/api/v1/calls/{id}/transcript", "key", API_QUERIES],
        ["/api/v1/calls/{id}/recording", "key", API_QUERIES],
        ["/api/v1/transcripts", "key", API_QUERIES],
        ["/api/v1/agents", "key", API_QUERIES],
        ["/api/v1/deployments", "key", API_QUERIES],
        ["/api/v1/deployments/{id}", "key", API_QUERIES],
        ["/api/v1/events", "key", API_QUERIES],
        ["/api/v1/sync/{id}", "key", API_QUERIES],
        ["/api/v1/keys", "key", API_QUERIES],
        ["/api/v1/users", "key", API_QUERIES],
        ["/", "cookie", PAGE_QUERIES],
        ["/calls", "cookie", PAGE_QUERIES],
        ["/calls/{id}", "cookie", PAGE_QUERIES],
        ["/calls/{id}/transcript", "cookie", PAGE_QUERIES],
        ["/exports/transcripts", "cookie", PAGE_QUERIES],
        ["/latency", "cookie", PAGE_QUERIES],
        ["/agents", "cookie", PAGE_QUERIES],
        ["/deployments", "cookie", PAGE_QUERIES],
        ["/deployments/{id}", "cookie", PAGE_QUERIES],
        ["/settings/webhooks", "cookie", PAGE_QUERIES],
        ["/sign-in", "cookie", PAGE_QUERIES],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: routes.length - 1 }),
          fc.oneof(fc.constant(null), hostile),
          fc.array(fc.tuple(fc.nat(), hostile), { maxLength: 3 }),
          async (which, segment, query) => {
            const [template, as, names] = routes[which];
            const path = template.replace("{id}", segment ?? callId);
            const search = query.map(([n, v]) => `${names[n % names.length]}=${v}`).join("&");
            const target = search ? `${path}?${search}` : path;
            let res;
            try {
              res = await get(target, as);
            } catch (error) {
              throw new Error(`${target}: the connection failed (${(error as Error).cause ?? error})`);
            }
            expect(res.status, `${target}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
            if (as === "key" && res.status >= 400) expectJsonError(res, target);
          },
        ),
        { numRuns: RUNS },
      );
    },
    60_000 + RUNS * 200,
  );
});
