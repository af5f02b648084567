// Who may do what: webhook secrets and API keys that are almost right, the
// limits on failed authentication and on sign-in, console sessions on the
// API, cross-site requests, security headers, and users made over the API
// and by the CLI.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TEST_ADMIN, TEST_AUTH_FAILURE_LIMIT, TEST_MEMBER, TEST_MEMBER_API_KEY, TEST_SIGN_IN_LIMIT, TEST_WEBHOOK_SECRET } from "../support/stack";
import { adminKey, api, baseUrl, fixture, newCallId, postWebhook } from "../support/http";

let addressCounter = 0;
/** A client address of its own (the test server trusts one proxy), so limits hit by one test do not touch another. */
const newAddress = () => `198.51.${Math.floor(Math.random() * 250)}.${++addressCounter % 250}`;

/** As a raw client sends it: the UTF-8 bytes of a value, one header byte each. */
const asHeaderBytes = (value: string) => Buffer.from(value, "utf8").toString("latin1");

async function signIn(user: { email: string; password: string }, address = newAddress()) {
  const res = await fetch(`${baseUrl()}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl(), "x-forwarded-for": address },
    body: JSON.stringify(user),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return { status: res.status, cookie, headers: res.headers };
}

describe("webhook secrets that are almost right", () => {
  const started = () => ({ ...fixture("webhooks/call_started.seed.json"), request_id: newCallId() });
  const cases: [string, Record<string, string>][] = [
    ["no header", {}],
    ["an empty header", { "x-webhook-secret": "" }],
    ["the secret in upper case", { "x-webhook-secret": TEST_WEBHOOK_SECRET.toUpperCase() }],
    ["a Cyrillic look-alike letter", { "x-webhook-secret": asHeaderBytes(TEST_WEBHOOK_SECRET.replace("e", "е")) }],
    ["a full-width look-alike", { "x-webhook-secret": asHeaderBytes(TEST_WEBHOOK_SECRET.replace("w", "ｗ")) }],
    ["the secret as a prefix", { "x-webhook-secret": TEST_WEBHOOK_SECRET.slice(0, -1) }],
    ["the secret with more after it", { "x-webhook-secret": `${TEST_WEBHOOK_SECRET}x` }],
    ["the secret twice", { "x-webhook-secret": `${TEST_WEBHOOK_SECRET},${TEST_WEBHOOK_SECRET}` }],
    ["a very long value", { "x-webhook-secret": TEST_WEBHOOK_SECRET.repeat(250) }],
    ["the secret in another header", { authorization: `Bearer ${TEST_WEBHOOK_SECRET}` }],
  ];
  for (const [name, headers] of cases) {
    it(`refuses ${name} with 401, storing nothing`, async () => {
      const delivery = started();
      const res = await postWebhook(delivery, { secret: null, headers: { ...headers, "x-forwarded-for": newAddress() } });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
      const stored = await api("GET", `/api/v1/calls/${delivery.request_id}`);
      expect(stored.status).toBe(404);
    });
  }
});

describe("API keys that are almost right", () => {
  const cases: [string, string | undefined][] = [
    ["no header", undefined],
    ["an empty header", ""],
    ["the scheme alone", "Bearer"],
    ["the key in upper case", `Bearer ${TEST_MEMBER_API_KEY.toUpperCase()}`],
    ["a look-alike letter", `Bearer ${asHeaderBytes(TEST_MEMBER_API_KEY.replace("e", "е"))}`],
    ["the key as a prefix", `Bearer ${TEST_MEMBER_API_KEY.slice(0, -1)}`],
    ["the key with more after it", `Bearer ${TEST_MEMBER_API_KEY}0`],
    ["another scheme", `Basic ${TEST_MEMBER_API_KEY}`],
    ["a very long value", `Bearer ${"k".repeat(8000)}`],
  ];
  for (const [name, authorization] of cases) {
    it(`refuses ${name} with 401`, async () => {
      const headers: Record<string, string> = { "x-forwarded-for": newAddress() };
      if (authorization !== undefined) headers.authorization = authorization;
      const res = await fetch(`${baseUrl()}/api/v1/calls`, { headers });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    });
  }

  it("accepts the scheme in any case, as HTTP allows", async () => {
    const res = await fetch(`${baseUrl()}/api/v1/calls?limit=1`, { headers: { authorization: `bearer ${TEST_MEMBER_API_KEY}` } });
    expect(res.status).toBe(200);
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once an address has failed too often, even to the right secret; other addresses go on", async () => {
    const address = newAddress();
    const wrong = { "x-webhook-secret": "whsec_wrong_0123456789", "x-forwarded-for": address };
    for (let i = 0; i < TEST_AUTH_FAILURE_LIMIT; i++) {
      expect((await postWebhook({}, { secret: null, headers: wrong })).status).toBe(401);
    }
    const limited = await postWebhook(fixture("webhooks/call_started.seed.json"), { headers: { "x-forwarded-for": address } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.json.error.code).toBe("rate_limited");
    const apiLimited = await fetch(`${baseUrl()}/api/v1/calls`, { headers: { authorization: `Bearer ${adminKey()}`, "x-forwarded-for": address } });
    expect(apiLimited.status).toBe(429);

    const other = await postWebhook({ ...fixture("webhooks/call_started.seed.json"), request_id: newCallId() }, { headers: { "x-forwarded-for": newAddress() } });
    expect(other.status).toBe(200);
  });

  it("limits sign-in attempts per address with 429 and Retry-After", async () => {
    const address = newAddress();
    for (let i = 0; i < TEST_SIGN_IN_LIMIT; i++) {
      expect((await signIn({ email: TEST_MEMBER.email, password: "not-the-password" }, address)).status).toBe(401);
    }
    const limited = await signIn(TEST_MEMBER, address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await signIn(TEST_MEMBER)).status).toBe(200);
  });
});

describe("console sessions", () => {
  it("a member's session reads the API but cannot administer; an admin's can", async () => {
    const member = await signIn(TEST_MEMBER);
    expect(member.status).toBe(200);
    const read = await fetch(`${baseUrl()}/api/v1/calls?limit=1`, { headers: { cookie: member.cookie } });
    expect(read.status).toBe(200);
    const keys = await fetch(`${baseUrl()}/api/v1/keys`, { headers: { cookie: member.cookie } });
    expect(keys.status).toBe(403);

    const admin = await signIn(TEST_ADMIN);
    const adminKeys = await fetch(`${baseUrl()}/api/v1/keys`, { headers: { cookie: admin.cookie } });
    expect(adminKeys.status).toBe(200);
  });

  it("refuses a cross-site request that would act with the session, and allows the same request from the console", async () => {
    const admin = await signIn(TEST_ADMIN);
    const create = (headers: Record<string, string>) =>
      fetch(`${baseUrl()}/api/v1/keys`, { method: "POST", headers: { cookie: admin.cookie, "content-type": "application/json", ...headers }, body: JSON.stringify({ label: "csrf", role: "ingest" }) });
    const crossSite = await create({ origin: "https://attacker.example", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    const otherOrigin = await create({ origin: "https://attacker.example" });
    expect(otherOrigin.status).toBe(403);
    const sameOrigin = await create({ origin: baseUrl(), "sec-fetch-site": "same-origin" });
    expect(sameOrigin.status).toBe(201);
  });

  it("a signed-out session reads nothing more", async () => {
    const member = await signIn(TEST_MEMBER);
    const out = await fetch(`${baseUrl()}/api/auth/sign-out`, { method: "POST", headers: { cookie: member.cookie, origin: baseUrl(), "content-type": "application/json" }, body: "{}" });
    expect(out.status).toBe(200);
    const after = await fetch(`${baseUrl()}/api/v1/calls`, { headers: { cookie: member.cookie, "x-forwarded-for": newAddress() } });
    expect(after.status).toBe(401);
  });

  it("has no sign-up", async () => {
    const res = await fetch(`${baseUrl()}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl() },
      body: JSON.stringify({ email: "intruder@example.com", password: "intruder-password", name: "x" }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await signIn({ email: "intruder@example.com", password: "intruder-password" })).status).toBe(401);
  });
});

describe("security headers", () => {
  it("pages carry a nonce-based Content-Security-Policy that their inline script uses, and the usual protections", async () => {
    const res = await fetch(`${baseUrl()}/sign-in`);
    const csp = res.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
    expect(await res.text()).toContain(`nonce="${nonce}"`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    const second = await fetch(`${baseUrl()}/sign-in`);
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
  });

  it("asks for HSTS behind https", async () => {
    const res = await fetch(`${baseUrl()}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });
});

describe("users", () => {
  it("are created by an admin over the API, once per email, and can sign in with what they were given", async () => {
    const email = `${newCallId("user")}@example.com`.toLowerCase();
    const created = await api("POST", "/api/v1/users", { body: JSON.stringify({ email }), type: "application/json" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ email, role: "member" });
    expect(created.json.password).toMatch(/^.{12,}$/);
    expect((await signIn({ email, password: created.json.password })).status).toBe(200);

    const again = await api("POST", "/api/v1/users", { body: JSON.stringify({ email }), type: "application/json" });
    expect(again.status).toBe(409);
    const invalid = await api("POST", "/api/v1/users", { body: JSON.stringify({ email: "not an email", role: "owner" }), type: "application/json" });
    expect(invalid.status).toBe(422);
    const byMember = await api("POST", "/api/v1/users", { body: JSON.stringify({ email: `x${email}` }), type: "application/json", key: TEST_MEMBER_API_KEY });
    expect(byMember.status).toBe(403);
  });

  it("`callscope users create --admin` makes an admin whose printed password signs in", () => {
    const email = `${newCallId("cli")}@example.com`.toLowerCase();
    const cli = path.resolve(import.meta.dirname, "../../bin/callscope.mjs");
    const run = spawnSync(process.execPath, [cli, "users", "create", "--email", email, "--admin"], {
      env: { ...process.env, CALLSCOPE_URL: baseUrl(), CALLSCOPE_API_KEY: adminKey() },
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Created admin ${email}`);
    const password = run.stdout.trim();
    return signIn({ email, password }).then((res) => expect(res.status).toBe(200));
  });
});
