// An admin deletes a call's content in Callscope: over the API (and so the
// CLI); members may not. The record stays, with who and when; the recording
// is gone from storage; the batch a call belongs to lists it.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { TEST_MEMBER_API_KEY } from "../support/stack";
import { query } from "../support/db";
import { api, fixture, newCallId, postWebhook, putRecording } from "../support/http";

async function seed(extra: Record<string, unknown> = {}) {
  const id = newCallId("MZdel");
  const d = fixture("webhooks/call_completed.call-object.json");
  expect((await postWebhook({ ...d, request_id: id, call: { ...d.call, id, ...extra } })).status).toBe(200);
  await api("POST", `/api/v1/calls/${id}/events`, {
    body: JSON.stringify([
      { type: "log", level: "info", message: "card 4111", timestamp: 3 },
      { type: "tool_call", name: "lookup_order", arguments: { order_id: "A-1043" }, result: null, id: null, responding_to: "evt-1", timestamp: 4 },
    ]),
    type: "application/json",
  });
  expect((await putRecording(id)).status).toBe(201);
  return id;
}

describe("deleting a call's content", () => {
  it("deletes transcript, events, numbers, metadata, recording and raw deliveries; keeps the record with who and when", async () => {
    const id = await seed({ metadata: { order: 42 } });
    const [{ storage_key }] = await query("select storage_key from recordings where call_id = $1", [id]);
    expect((await api("GET", `/api/v1/calls/${id}`)).json.tool_calls).toHaveLength(1);
    const res = await api("DELETE", `/api/v1/calls/${id}`);
    expect(res.status).toBe(200);
    expect(res.json.content_deleted).toMatchObject({ by: expect.stringMatching(/^API key /), reason: "deleted_here" });
    const call = await api("GET", `/api/v1/calls/${id}`);
    expect(call.json).toMatchObject({
      id,
      status: "completed",
      transcript: [],
      events: [],
      tool_calls: [],
      summary: null,
      metadata: null,
      telephony_params: null,
      recording: null,
    });
    expect(call.json.content_deleted.at).toBe(res.json.content_deleted.at);
    expect(await query("select payload::text as p from webhook_deliveries where call_id = $1", [id])).toEqual([
      expect.objectContaining({ p: expect.not.stringContaining("Pizzeria") }),
    ]);
    expect((await api("GET", `/api/v1/calls/${id}/recording`)).status).toBe(404);
    const dir = path.join(inject("dataDir"), "recordings", storage_key.slice(0, 2));
    expect(readdirSync(dir)).not.toContain(storage_key);
    expect((await api("GET", `/api/v1/calls?q=${id}`)).json.data.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await api("GET", "/api/v1/calls?q=sundays")).json.data.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it("is for admins only, and says so for an unknown call", async () => {
    const id = await seed();
    expect((await api("DELETE", `/api/v1/calls/${id}`, { key: TEST_MEMBER_API_KEY })).status).toBe(403);
    expect((await api("GET", `/api/v1/calls/${id}`)).json.transcript.length).toBeGreaterThan(0);
    expect((await api("DELETE", `/api/v1/calls/${newCallId()}`)).status).toBe(404);
  });
});

describe("batches", () => {
  it("filters calls by batch_id", async () => {
    const batch = `batch_${Date.now().toString(36)}`;
    const ids = [await seed({ batch_id: batch }), await seed({ batch_id: batch })];
    await seed({ batch_id: `${batch}_other` });
    const res = await api("GET", `/api/v1/calls?batch_id=${batch}`);
    expect(res.json.data.map((c: { id: string }) => c.id).sort()).toEqual(ids.sort());
  });
});
