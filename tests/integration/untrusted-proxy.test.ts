// With CALLSCOPE_TRUSTED_PROXIES=0 (the default), headers that a proxy would
// set are the client's own words: X-Forwarded-Host does not make another site
// the console's own, and X-Forwarded-For arriving at all means Callscope sits
// behind a proxy it does not know of, which it says at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInCookie } from "../support/http";
import { type Stack, startStack, TEST_ADMIN } from "../support/stack";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { CALLSCOPE_TRUSTED_PROXIES: "0" } });
});

afterAll(async () => {
  await stack?.stop();
});

async function signInAdmin() {
  const res = await signInCookie(TEST_ADMIN, null, stack.baseUrl);
  expect(res.status).toBe(200);
  return res.cookie;
}

describe("without trusted proxies", () => {
  it("refuses a cross-site request that names its own site in X-Forwarded-Host", async () => {
    const cookie = await signInAdmin();
    const create = (headers: Record<string, string>) =>
      fetch(`${stack.baseUrl}/api/v1/keys`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify({ label: "forwarded", role: "ingest" }),
      });
    const forged = await create({ origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(forged.status).toBe(403);
    const signOut = await fetch(`${stack.baseUrl}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "x-forwarded-host": "evil.example", "content-type": "application/json" },
      body: "{}",
    });
    expect(signOut.status).toBe(403);
    const own = await create({ origin: stack.baseUrl });
    expect(own.status).toBe(201);
  });

  it("says so at start and on the health check when requests arrive with proxy headers", async () => {
    expect(stack.output()).toMatch(/CALLSCOPE_TRUSTED_PROXIES is 0/);
    const before = await (await fetch(`${stack.baseUrl}/api/health`)).json();
    expect(before.proxy).toEqual({ trusted_proxies: 0, forwarded_headers_seen_at: null });
    await fetch(`${stack.baseUrl}/api/health`, { headers: { "x-forwarded-for": "203.0.113.9" } });
    await fetch(`${stack.baseUrl}/api/health`, { headers: { "x-forwarded-for": "203.0.113.10" } });
    const after = await (await fetch(`${stack.baseUrl}/api/health`)).json();
    expect(after.proxy.forwarded_headers_seen_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(after.proxy.warning).toMatch(/Set CALLSCOPE_TRUSTED_PROXIES/);
    expect(stack.output().match(/warning: Requests carry X-Forwarded-For/g)).toHaveLength(1);
  });
});
