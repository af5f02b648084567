// The database goes away while Callscope runs: deliveries get 503 with
// Retry-After and nothing half-written; once it is back, they are stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { fixture } from "../support/fixtures";
import { type Stack, startStack, TEST_ADMIN, TEST_WEBHOOK_SECRET } from "../support/stack";

const delivery = fixture("webhooks/call_completed.seed.json");
let stack: Stack;

beforeAll(async () => {
  // Always on an embedded server of its own, which the test can stop and start.
  stack = await startStack({ embedded: true });
});
afterAll(async () => {
  await stack?.stop();
});

const post = () =>
  fetch(`${stack.baseUrl}/api/webhooks/cartesia`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-webhook-secret": TEST_WEBHOOK_SECRET },
    body: JSON.stringify(delivery),
  });

describe("webhooks while the database is down", () => {
  it("answers 503 with Retry-After, stores nothing, and succeeds once the database is back", async () => {
    // Warm up: the app has read its secrets and opened connections.
    const warm = await fetch(`${stack.baseUrl}/api/health`);
    expect(warm.status).toBe(200);
    await stack.stopDatabase();
    // Until the outage is seen (the secret list is cached for a few seconds, the pool notices a dead connection
    // on use), a delivery may still be answered; poll until it is refused, then check the refusal.
    let down = await post();
    for (let i = 0; i < 60 && down.status !== 503; i++) {
      await new Promise((r) => setTimeout(r, 250));
      down = await post();
    }
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect((await down.json()).error.code).toBe("unavailable");
    // Sign-in, like every other API, says to come back rather than failing.
    const signIn = await fetch(`${stack.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.baseUrl },
      body: JSON.stringify(TEST_ADMIN),
    });
    expect(signIn.status).toBe(503);
    expect(signIn.headers.get("retry-after")).toBe("5");
    expect((await signIn.json()).error.code).toBe("unavailable");
    // Health says the database is down, to anyone, and keeps why (hosts, ports, users) for the server log.
    const health = await fetch(`${stack.baseUrl}/api/health`);
    expect(health.status).toBe(503);
    const text = await health.text();
    const answer = JSON.parse(text);
    expect(answer).toMatchObject({ status: "down", database: "down" });
    expect(answer.migrations).toBeUndefined();
    const port = new URL(stack.databaseUrl).port;
    expect(text).not.toContain(port);
    expect(text).not.toMatch(/ECONN|refused|terminat|postgres|error/i);
    expect(stack.output()).toMatch(/health: the database is unreachable: .+/);

    await stack.startDatabase();
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      const before = await client.query("select count(*)::int as n from webhook_deliveries");
      expect(before.rows[0].n).toBe(0);
      let up: Response | null = null;
      for (let i = 0; i < 20; i++) {
        up = await post();
        if (up.status === 200) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(up!.status).toBe(200);
      const calls = await client.query("select turn_count from calls where id = $1", [delivery.request_id]);
      expect(calls.rows).toEqual([{ turn_count: 5 }]);
    } finally {
      await client.end();
    }
  });
});
