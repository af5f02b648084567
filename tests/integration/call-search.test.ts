// The calls list's search and filters, through the read API: words and the
// starts of words, call ids, phone numbers in any format, end reason,
// duration, errors and tool calls. A search says where its first match is.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { callFiltersSchema } from "@/lib/calls/call-filters";
import { agentCounts } from "@/lib/calls/list-calls";
import { api, fixture, newCallId, postWebhook } from "../support/http";

const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 });
afterAll(() => pool.end());

const agent = `agent_search_${Date.now().toString(36)}`;
const ids = { pizza: newCallId("MZsearchA"), failed: newCallId("MZsearchB"), short: newCallId("MZsearchC") };

function typedCall(id: string, call: Record<string, unknown>) {
  const d = fixture("webhooks/call_completed.call-object.json");
  return { ...d, request_id: id, agent_id: agent, call: { ...d.call, id, agent_id: agent, deployment_id: null, ...call } };
}

beforeAll(async () => {
  const deliveries = [
    typedCall(ids.pizza, {
      telephony_params: { from: "+1 (555) 555-0142", to: "+15555550199" },
      start_time: "2025-07-04T12:30:00Z",
      end_time: "2025-07-04T12:32:00Z",
      end_reason: "client_hangup",
      transcript: [
        { role: "assistant", text: "Marco's Pizzeria, how can I help?", start_timestamp: 0.8, end_timestamp: 2.6, tts_ttfb: 0.2 },
        { role: "user", text: "A large Margherita, please.", start_timestamp: 3.1, end_timestamp: 4.9 },
      ],
    }),
    typedCall(ids.failed, {
      status: "failed",
      error_message: "LLM provider returned 503",
      telephony_params: { from: "+447700900123", to: "+15555550199" },
      start_time: "2025-07-04T13:00:00Z",
      end_time: "2025-07-04T13:00:20Z",
      end_reason: "error",
      transcript: [
        {
          role: "assistant",
          text: "Let me look up pepperoni.",
          start_timestamp: 1,
          end_timestamp: 2,
          tts_ttfb: 0.3,
          tool_calls: [{ id: "tc_9", name: "menu", arguments: { item: "pepperoni" } }],
        },
      ],
    }),
    typedCall(ids.short, {
      telephony_params: { from: "+15555550111", to: "+15555550199" },
      start_time: "2025-07-04T14:00:00Z",
      end_time: "2025-07-04T14:00:05Z",
      end_reason: "agent_hangup",
      transcript: [{ role: "assistant", text: "Goodbye.", start_timestamp: 0.5, end_timestamp: 1, tts_ttfb: 0.2 }],
    }),
  ];
  for (const d of deliveries) expect((await postWebhook(d)).status).toBe(200);
});

async function found(query: string): Promise<string[]> {
  const res = await api("GET", `/api/v1/calls?agent_id=${agent}&${query}`);
  expect(res.status, `${query}: ${JSON.stringify(res.json)}`).toBe(200);
  return res.json.data.map((c: { id: string }) => c.id).sort();
}

describe("searching calls", () => {
  it("finds a word by its start, in any case", async () => {
    expect(await found("q=margherit")).toEqual([ids.pizza]);
    expect(await found("q=MARGHERITA")).toEqual([ids.pizza]);
    expect(await found("q=marg%20larg")).toEqual([ids.pizza]);
    expect(await found("q=pepper")).toEqual([ids.failed]);
    expect(await found("q=margheritas")).toEqual([]);
  });

  it("keeps web-search syntax: quoted phrases, OR and a minus", async () => {
    expect(await found(`q=${encodeURIComponent('"large margherita"')}`)).toEqual([ids.pizza]);
    expect(await found(`q=${encodeURIComponent("margherita or goodbye")}`)).toEqual([ids.pizza, ids.short].sort());
    expect(await found(`q=${encodeURIComponent("pizzeria -margherita")}`)).toEqual([]);
  });

  it("finds a call by its id, whole or by its start", async () => {
    expect(await found(`q=${ids.failed}`)).toEqual([ids.failed]);
    expect(await found(`q=${ids.failed.slice(0, -4)}`)).toEqual([ids.failed]);
  });

  it("finds a phone number in any format", async () => {
    expect(await found(`q=${encodeURIComponent("+1 555-555-0142")}`)).toEqual([ids.pizza]);
    expect(await found(`q=${encodeURIComponent("(555) 555 0142")}`)).toEqual([ids.pizza]);
    expect(await found(`phone=${encodeURIComponent("+44 7700 900123")}`)).toEqual([ids.failed]);
    expect(await found("phone=5550199")).toEqual([ids.pizza, ids.failed, ids.short].sort());
  });

  it("says where the first matching turn starts", async () => {
    const res = await api("GET", `/api/v1/calls?agent_id=${agent}&q=margherit`);
    expect(res.json.data[0].snippet).toContain("Margherita");
    expect(res.json.data[0].match_timestamp).toBe(3.1);
    const phone = await api("GET", `/api/v1/calls?agent_id=${agent}&q=5550142`);
    expect(phone.json.data[0].match_timestamp).toBeUndefined();
  });
});

describe("paging a search", () => {
  // Seven calls, five of them saying the word, at times and of lengths that put them in a different order for each sort.
  const pager = `agent_pager_${Date.now().toString(36)}`;
  const calls = Array.from({ length: 7 }, (_, i) => ({
    id: newCallId(`MZpage${i}`),
    start: new Date(Date.UTC(2025, 6, 1 + ((i * 3) % 7), 9, 0, 0)),
    seconds: 20 + ((i * 5) % 7) * 10,
    says: i !== 2 && i !== 5,
  }));
  beforeAll(async () => {
    for (const c of calls) {
      const d = fixture("webhooks/call_completed.call-object.json");
      const text = c.says ? "I would like a quokka plush" : "Just the menu, thanks";
      const call = {
        ...d.call,
        id: c.id,
        agent_id: pager,
        deployment_id: null,
        start_time: c.start.toISOString(),
        end_time: new Date(c.start.getTime() + c.seconds * 1000).toISOString(),
        transcript: [{ role: "user", text, start_timestamp: 1, end_timestamp: 3 }],
      };
      expect((await postWebhook({ ...d, request_id: c.id, agent_id: pager, call })).status).toBe(200);
    }
  });

  /** Every page of the search, `limit` at a time, in the order the API gives them. */
  async function pages(sort: string, limit: number) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(
        "GET",
        `/api/v1/calls?agent_id=${pager}&q=quokk&sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.json.data.map((c: { id: string }) => c.id));
      cursor = res.json.next_page;
    } while (cursor);
    return seen;
  }

  it("counts each agent's matches up to the cap, from the newest calls or from the search index", async () => {
    const filters = (q: string) => callFiltersSchema.parse({ q, agent: pager });
    const counts = async (q: string, cap: number) => (await agentCounts(pool, filters(q), new Date(), cap)).filter((c) => c.agentId === pager);
    // Five matches: a cap of three is reached among the newest calls, a cap of ten is not, and the index counts them all.
    expect(await counts("quokk", 3)).toEqual([{ agentId: pager, name: null, count: 3, capped: true }]);
    expect(await counts("quokk", 10)).toEqual([{ agentId: pager, name: null, count: 5, capped: false }]);
    expect(await counts("menu", 10)).toEqual([{ agentId: pager, name: null, count: 2, capped: false }]);
    expect(await counts("wombat", 10)).toEqual([]);
  });

  it("gives every match once, in the sort's order, whether a page was walked to or read from the search index", async () => {
    const matching = calls.filter((c) => c.says);
    const byTime = [...matching].sort((a, b) => b.start.getTime() - a.start.getTime() || (a.id < b.id ? 1 : -1)).map((c) => c.id);
    const longest = [...matching].sort((a, b) => b.seconds - a.seconds || (a.id < b.id ? 1 : -1)).map((c) => c.id);
    // Pages of two and of three: full pages are found by walking the calls in order, the last one from the index.
    for (const limit of [1, 2, 3, 50]) {
      expect(await pages("newest", limit)).toEqual(byTime);
      expect(await pages("oldest", limit)).toEqual([...byTime].reverse());
      expect(await pages("longest", limit)).toEqual(longest);
    }
  });
});

describe("filtering calls", () => {
  it("by end reason, duration, errors and tool calls", async () => {
    expect(await found("end_reason=agent_hangup")).toEqual([ids.short]);
    expect(await found("end_reason=agent_hangup&end_reason=error")).toEqual([ids.failed, ids.short].sort());
    expect(await found("min_duration=60")).toEqual([ids.pizza]);
    expect(await found("max_duration=10")).toEqual([ids.short]);
    expect(await found("min_duration=10&max_duration=60")).toEqual([ids.failed]);
    expect(await found("has_error=yes")).toEqual([ids.failed]);
    expect(await found("has_error=no")).toEqual([ids.pizza, ids.short].sort());
    expect(await found("has_tool_calls=yes")).toEqual([ids.failed]);
    expect(await found("has_tool_calls=no")).toEqual([ids.pizza, ids.short].sort());
  });

  it("refuses a duration that is not a number", async () => {
    const res = await api("GET", `/api/v1/calls?agent_id=${agent}&min_duration=abc`);
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "min_duration" })]));
  });

  it("returns the error message in the list", async () => {
    const res = await api("GET", `/api/v1/calls?agent_id=${agent}&has_error=yes`);
    expect(res.json.data[0]).toMatchObject({ id: ids.failed, status: "failed", error_message: "LLM provider returned 503" });
  });
});
