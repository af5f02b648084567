// Fields Cartesia sends that have no column of their own still reach the
// user: a deployment's version_id, and latency grouped by the deployment
// version each call names.
import { describe, expect, it } from "vitest";
import { TEST_ADMIN } from "../support/stack";
import { api, baseUrl, callObjectDelivery, fixture, newCallId, postWebhook, putDeployment, signInCookie } from "../support/http";

describe("Cartesia's fields", () => {
  it("keeps a deployment's version_id and the fields it does not know, as sent", async () => {
    const id = `dep_fields_${Date.now().toString(36)}`;
    const put = await putDeployment(id, { agent_id: "agent_fields", status: "deployed", version_id: "depv_42", region: "eu-west" });
    expect(put.status).toBe(201);
    const got = await api("GET", `/api/v1/deployments/${id}`);
    expect(got.json).toMatchObject({ id, version_id: "depv_42", region: "eu-west", status: "deployed" });
  });

  it("groups latency by deployment version on request", async () => {
    const agent = `agent_versions_${Date.now().toString(36)}`;
    for (const [version, ttfb] of [
      ["depv_a", 0.2],
      ["depv_a", 0.25],
      ["depv_b", 0.6],
    ] as const) {
      const id = newCallId("MZver");
      const start = new Date(Date.now() - 3600_000).toISOString();
      const transcript = [{ role: "assistant", text: "hi", start_timestamp: 0.5, end_timestamp: 1, tts_ttfb: ttfb }];
      const call = { deployment_id: null, start_time: start, deployment_version_id: version, transcript };
      expect((await postWebhook(callObjectDelivery(id, agent, call, { timestamp: start }))).status).toBe(200);
    }
    const { cookie } = await signInCookie(TEST_ADMIN, "192.0.2.93");
    const html = await (await fetch(`${baseUrl()}/latency?range=24h&agent=${agent}&group=version&tz=UTC`, { headers: { cookie } })).text();
    expect(html).toContain("By deployment version");
    const row = (version: string) => new RegExp(`data-group="${version}".*?data-testid="p50">([^<]+)<`, "s").exec(html)?.[1];
    expect(row("depv_a")).toBe("225 ms");
    expect(row("depv_b")).toBe("600 ms");
    const plain = await (await fetch(`${baseUrl()}/latency?range=24h&agent=${agent}&tz=UTC`, { headers: { cookie } })).text();
    expect(plain).not.toContain("By deployment version");
  });

  it("keeps a turn whose text is null as null, in the API and the JSON export, and exports it as empty text elsewhere", async () => {
    const id = newCallId("MZnull");
    const d = fixture("webhooks/call_completed.call-object.json");
    const transcript = [
      { role: "assistant", text: null, start_timestamp: 0.5, end_timestamp: 1, tts_ttfb: 0.2 },
      { role: "user", text: "hello", start_timestamp: 1.5, end_timestamp: 2 },
    ];
    expect((await postWebhook({ ...d, request_id: id, call: { ...d.call, id, transcript } })).status).toBe(200);
    const call = await api("GET", `/api/v1/calls/${id}`);
    expect(call.json.transcript.map((t: { text: string | null }) => t.text)).toEqual([null, "hello"]);
    const json = await api("GET", `/api/v1/calls/${id}/transcript?format=json`);
    expect(json.json.turns.map((t: { text: string | null }) => t.text)).toEqual([null, "hello"]);
    const vtt = await api("GET", `/api/v1/calls/${id}/transcript?format=vtt`);
    expect(vtt.status).toBe(200);
    expect(vtt.buffer.toString("utf8")).toContain("<v User>hello");
  });
});
