// Who may do what: webhook secrets and API keys that are almost right, the
// limits on failed authentication and on sign-in, console sessions on the
// API, cross-site requests, security headers, and users made over the API
// and by the CLI.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TEST_ADMIN, TEST_AUTH_FAILURE_LIMIT, TEST_MEMBER, TEST_MEMBER_API_KEY, TEST_SIGN_IN_LIMIT, TEST_WEBHOOK_SECRET } from "../support/stack";
import pg from "pg";
import { inject } from "vitest";
import { query } from "../support/db";
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
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
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

    const other = await postWebhook(
      { ...fixture("webhooks/call_started.seed.json"), request_id: newCallId() },
      { headers: { "x-forwarded-for": newAddress() } },
    );
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

describe("rate limits by network", () => {
  it("counts an IPv6 client by its /64: failures from many addresses of one /64 limit all of it, and no other", async () => {
    const net = `2001:db8:${(Math.floor(Math.random() * 0xfff0) + 1).toString(16)}:${(++addressCounter).toString(16)}`;
    const wrong = { "x-webhook-secret": "whsec_wrong_0123456789" };
    for (let i = 0; i < TEST_AUTH_FAILURE_LIMIT; i++) {
      const res = await postWebhook({}, { secret: null, headers: { ...wrong, "x-forwarded-for": `${net}:${(i + 1).toString(16)}::1` } });
      expect(res.status).toBe(401);
    }
    const sameNet = await postWebhook(fixture("webhooks/call_started.seed.json"), { headers: { "x-forwarded-for": `${net}:ffff:1:2:3` } });
    expect(sameNet.status).toBe(429);
    const otherNet = await postWebhook(
      { ...fixture("webhooks/call_started.seed.json"), request_id: newCallId() },
      { headers: { "x-forwarded-for": `2001:db8:ffff:${(++addressCounter).toString(16)}::1` } },
    );
    expect(otherNet.status).toBe(200);
  });
});

describe("at least one admin, whatever the route", () => {
  it("closes Better Auth's admin endpoints: no role change, removal, ban, password or impersonation through them", async () => {
    const admin = await signIn(TEST_ADMIN);
    const [self] = await query("select id, role from users where email = $1", [TEST_ADMIN.email]);
    const [member] = await query("select id from users where email = $1", [TEST_MEMBER.email]);
    const calls: [string, unknown][] = [
      ["set-role", { userId: self.id, role: "member" }],
      ["remove-user", { userId: self.id }],
      ["ban-user", { userId: self.id }],
      ["set-user-password", { userId: member.id, newPassword: "taken-over-0123" }],
      ["impersonate-user", { userId: member.id }],
      ["list-users", {}],
    ];
    for (const [endpoint, body] of calls) {
      const res = await fetch(`${baseUrl()}/api/auth/admin/${endpoint}`, {
        method: endpoint === "list-users" ? "GET" : "POST",
        headers: { cookie: admin.cookie, origin: baseUrl(), "content-type": "application/json" },
        body: endpoint === "list-users" ? undefined : JSON.stringify(body),
      });
      expect(res.status, endpoint).toBe(404);
      expect((await res.json()).error.code).toBe("not_found");
    }
    const [after] = await query("select role, banned from users where id = $1", [self.id]);
    expect(after).toEqual({ role: "admin", banned: false });
    expect((await signIn(TEST_MEMBER)).status).toBe(200);
  });

  it("the database refuses to demote, ban or remove the last admin", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      for (const statement of [
        "update users set role = 'member' where role = 'admin'",
        "update users set banned = true where role = 'admin'",
        "delete from users where role = 'admin'",
      ]) {
        await client.query("begin");
        await expect(client.query(statement), statement).rejects.toMatchObject({ code: "23514" });
        await client.query("rollback");
      }
      // One admin of several may still go: the rule is about the last one.
      await client.query("begin");
      await client.query(
        "insert into users (id, name, email, role, created_at, updated_at) values ('spare-admin', 'Spare', 'spare@callscope.test', 'admin', now(), now())",
      );
      await client.query("update users set role = 'member' where id = 'spare-admin'");
      await client.query("rollback");
    } finally {
      await client.end();
    }
  });
});

describe("session tokens", () => {
  it("never appear in JSON that scripts can read: sign-in, get-session, list-sessions", async () => {
    const res = await fetch(`${baseUrl()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl(), "x-forwarded-for": newAddress() },
      body: JSON.stringify(TEST_MEMBER),
    });
    expect(res.status).toBe(200);
    const cookieToken = decodeURIComponent(/better-auth\.session_token=([^;]+)/.exec(res.headers.getSetCookie().join("; "))![1]).split(".")[0];
    const signInText = await res.text();
    expect(JSON.parse(signInText).user.email).toBe(TEST_MEMBER.email);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const session = await fetch(`${baseUrl()}/api/auth/get-session`, { headers: { cookie } });
    const sessionText = await session.text();
    expect(JSON.parse(sessionText).session.userId).toBeTruthy();
    const sessions = await fetch(`${baseUrl()}/api/auth/list-sessions`, { headers: { cookie } });
    const sessionsText = await sessions.text();
    expect(JSON.parse(sessionsText).length).toBeGreaterThan(0);
    for (const text of [signInText, sessionText, sessionsText]) {
      expect(text).not.toContain(cookieToken);
      expect(text).not.toMatch(/"token"/);
    }
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
      fetch(`${baseUrl()}/api/v1/keys`, {
        method: "POST",
        headers: { cookie: admin.cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify({ label: "csrf", role: "ingest" }),
      });
    const crossSite = await create({ origin: "https://attacker.example", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    const otherOrigin = await create({ origin: "https://attacker.example" });
    expect(otherOrigin.status).toBe(403);
    const sameOrigin = await create({ origin: baseUrl(), "sec-fetch-site": "same-origin" });
    expect(sameOrigin.status).toBe(201);
  });

  it("a signed-out session reads nothing more", async () => {
    const member = await signIn(TEST_MEMBER);
    const out = await fetch(`${baseUrl()}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie: member.cookie, origin: baseUrl(), "content-type": "application/json" },
      body: "{}",
    });
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
