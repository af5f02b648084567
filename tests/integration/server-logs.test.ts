// What the server prints: never a secret, a key, a password or transcript
// text, whatever it is sent (good, bad, or refused).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../support/fixtures";
import { type Stack, startStack, TEST_ADMIN, TEST_ADMIN_API_KEY, TEST_WEBHOOK_SECRET } from "../support/stack";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe("server logs", () => {
  it("hold no secrets, keys, passwords or transcript text", async () => {
    const word = `confidential${Date.now()}`;
    const wrongSecret = `whsec_guess_${Date.now()}`;
    const wrongKey = `cs_guess_${Date.now()}abcdef`;
    const post = (body: string, secret = TEST_WEBHOOK_SECRET) =>
      fetch(`${stack.baseUrl}/api/webhooks/cartesia`, { method: "POST", headers: { "content-type": "application/json", "x-webhook-secret": secret }, body });
    const completed = fixture("webhooks/call_completed.seed.json");
    completed.body[1].text = `My card number is ${word}`;
    expect((await post(JSON.stringify(completed))).status).toBe(200);
    // Bad input that the database refuses, bad JSON, and wrong credentials.
    expect(
      (await post(JSON.stringify({ ...completed, request_id: "MZlog2", body: [{ ...completed.body[0], text: `${word}\u0000`, end_timestamp: 1e12 }] }))).status,
    ).toBe(422);
    expect((await post(`{"text": "${word}"`)).status).toBe(400);
    expect((await post(JSON.stringify(completed), wrongSecret)).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/api/v1/calls`, { headers: { authorization: `Bearer ${wrongKey}` } })).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/api/v1/calls?q=${word}`, { headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}` } })).status).toBe(200);
    const signIn = await fetch(`${stack.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.baseUrl },
      body: JSON.stringify({ email: TEST_ADMIN.email, password: `${TEST_ADMIN.password}-wrong` }),
    });
    expect(signIn.status).toBe(401);

    const printed = stack.output();
    expect(printed).toContain("listening on");
    for (const secret of [word, TEST_WEBHOOK_SECRET, wrongSecret, TEST_ADMIN_API_KEY, wrongKey, TEST_ADMIN.password]) {
      expect(printed, secret).not.toContain(secret);
    }
  });
});
