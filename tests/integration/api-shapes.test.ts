// Every read answer parsed, strictly, with the zod schema the handler is typed
// by and the OpenAPI document is generated from: a field the schema does not
// name, or a field of the wrong type, fails here.
import { describe, expect, it } from "vitest";
import { agentSchema } from "@/lib/agents/agent-json";
import { callListSchema, callSchema, streamEventSchema } from "@/lib/calls/call-json";
import { deploymentListItemSchema } from "@/lib/deployments/deployment-json";
import { api, callObjectDelivery, newCallId, postWebhook, putDeployment, putRecording } from "../support/http";

describe("the read API's answers", () => {
  it("match their schemas, for a call with a transcript, tool calls, events, a deployment and a recording", async () => {
    const id = newCallId("MZshape");
    const agent = `agent_shape_${Date.now()}`;
    const deployment = `dep_shape_${Date.now()}`;
    expect((await putDeployment(deployment, { agent_id: agent, status: "deployed", git_commit_hash: "abc123" })).status).toBe(201);
    expect((await postWebhook(callObjectDelivery(id, agent, { deployment_id: deployment }))).status).toBe(200);
    const events = [
      { type: "log_event", event: "order_placed", metadata: { items: 2 }, timestamp: 4.2 },
      { type: "log_metric", name: "lookup_ms", value: 412, timestamp: 5 },
      { type: "log", level: "error", message: "payment gateway timeout", timestamp: "2025-07-04T12:30:20Z" },
    ];
    expect((await api("POST", `/api/v1/calls/${id}/events`, { body: JSON.stringify(events), type: "application/json" })).json).toMatchObject({
      stored: 3,
      failed: [],
    });
    expect((await putRecording(id)).status).toBe(201);

    const list = callListSchema.parse((await api("GET", `/api/v1/calls?agent_id=${agent}`)).json);
    expect(list.data.map((c) => c.id)).toEqual([id]);
    const searched = callListSchema.parse((await api("GET", `/api/v1/calls?agent_id=${agent}&q=hours`)).json);
    expect(searched.data[0]).toHaveProperty("snippet");

    const call = callSchema.parse((await api("GET", `/api/v1/calls/${id}`)).json);
    expect(call.transcript.length).toBeGreaterThan(0);
    expect(
      call.events
        .filter((e) => e.source === "telemetry")
        .map((e) => e.type)
        .sort(),
    ).toEqual(["log", "log_event", "log_metric"]);
    expect(call.recording?.content_type).toBe("audio/wav");

    const agents = (await api("GET", "/api/v1/agents")).json.data.map((a: unknown) => agentSchema.parse(a));
    expect(agents.find((a: { id: string }) => a.id === agent)?.calls).toBe(1);
    const deployments = (await api("GET", `/api/v1/deployments?agent_id=${agent}`)).json.data.map((x: unknown) => deploymentListItemSchema.parse(x));
    expect(deployments.map((x: { id: string }) => x.id)).toEqual([deployment]);
    const stream = (await api("GET", "/api/v1/events")).json.data.map((e: unknown) => streamEventSchema.parse(e));
    expect(stream.filter((e: { call_id: string }) => e.call_id === id)).toHaveLength(call.events.length);
  });

  it("answer a malformed query with 400 and the parameter at fault", async () => {
    for (const path of ["/api/v1/events?after=abc", "/api/v1/events?after=1&after=2", "/api/v1/calls?from=10000-01-01", "/api/v1/calls?cursor=nonsense"]) {
      const res = await api("GET", path);
      expect(res.status, path).toBe(400);
      expect(res.json.error.code, path).toBe("bad_request");
      expect(res.json.error.details.length, path).toBeGreaterThan(0);
    }
  });
});
