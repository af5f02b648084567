// Monitor channels on a Callscope with no OUTBOUND_ALLOWLIST (the default):
// a local receiver cannot be reached, whether its address is written in the
// URL (refused when the monitor is saved) or reached through a name that
// resolves to it (refused when the connection is made, and logged with the
// reason), and a Slack channel must use Slack's host.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../support/http";
import { startFakeSlack, startReceiver } from "../support/receivers";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let slack: Awaited<ReturnType<typeof startFakeSlack>>;

beforeAll(async () => {
  [receiver, slack] = await Promise.all([startReceiver(), startFakeSlack()]);
});
afterAll(async () => {
  await Promise.all([receiver?.stop(), slack?.stop()]);
});

const json = (body: unknown) => ({ body: JSON.stringify(body), type: "application/json" });
const paused = { name: "Outbound default", metric: "failure_rate", window_minutes: 60, threshold: 0.5, paused: true };

describe("without OUTBOUND_ALLOWLIST", () => {
  it("refuses a webhook or Slack URL that names a private or loopback address, with the reason", async () => {
    for (const channel of [
      { type: "webhook", url: receiver.url("/direct"), secret: "signing-secret" },
      { type: "webhook", url: `http://[::ffff:127.0.0.1]:${receiver.port}/mapped`, secret: "signing-secret" },
      { type: "webhook", url: "http://169.254.169.254/latest/meta-data/", secret: "signing-secret" },
      { type: "webhook", url: "http://[fd00::1]/hook", secret: "signing-secret" },
      { type: "slack", url: slack.url },
    ]) {
      const answer = await api("POST", "/api/v1/monitors", json({ ...paused, channels: [channel] }));
      expect(answer.status, channel.url).toBe(422);
      expect(answer.json.error.details[0].path, channel.url).toBe("channels.0.url");
    }
    expect(receiver.received).toEqual([]);
    expect(slack.messages).toEqual([]);
  });

  it("refuses at connect time a name that resolves to 127.0.0.1, and logs only the reason", async () => {
    const created = await api(
      "POST",
      "/api/v1/monitors",
      json({ ...paused, channels: [{ type: "webhook", url: `http://localhost:${receiver.port}/by-name`, secret: "signing-secret" }] }),
    );
    expect(created.status).toBe(201);
    const channel = created.json.channels[0];
    const test = await api("POST", `/api/v1/monitors/${created.json.id}/test`, json({ channel_id: channel.id }));
    expect(test.status).toBe(200);
    expect(test.json).toMatchObject({ outcome: "failed", response_status: null });
    expect(test.json.error).toMatch(/^Refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address; add it to OUTBOUND_ALLOWLIST/);
    expect(receiver.received).toEqual([]);
    const detail = await api("GET", `/api/v1/monitors/${created.json.id}`);
    expect(detail.json.deliveries).toEqual([expect.objectContaining({ event: "test", outcome: "failed", error: test.json.error })]);
  });
});
