// Callscope's MCP server end to end, with the SDK's own client: over
// Streamable HTTP against /api/mcp, and over stdio through `callscope mcp`
// (the CLI started as a user would start it). Calls of two deployments go in
// through the real webhook and telemetry endpoints, one with a card number in
// every field it can reach; then the tools answer with the API's roles and
// redaction, small pages with cursors, and never more than their size limit.
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { luhnValid } from "@/lib/privacy/redact";
import { MAX_RESULT_CHARS } from "@/lib/mcp/tool-results";
import { api, baseUrl, fixture, newCallId, postWebhook, signInCookie } from "../support/http";
import { TEST_ADMIN, TEST_MEMBER_API_KEY, TEST_WEBHOOK_SECRET } from "../support/stack";
import { until } from "../support/until";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TAG = Math.random().toString(36).slice(2, 8);
const AGENT = `agent_mcp_${TAG}`;
const OLD = `dep_mcp_old_${TAG}`;
const NEW = `dep_mcp_new_${TAG}`;

function randomCard(): string {
  const body = `4${Array.from({ length: 14 }, () => Math.floor(Math.random() * 10)).join("")}`;
  return body + [...Array(10).keys()].find((d) => luhnValid(body + d));
}
const CARD = randomCard();
const CARD_SPACED = CARD.match(/.{4}/g)!.join(" ");
const hasCard = (text: string) => text.includes(CARD) || text.includes(CARD_SPACED) || text.replace(/\D/g, "").includes(CARD);

const SLOW = newCallId("MZmcpslow");
const QUICK = newCallId("MZmcpquick");
const OLDER = newCallId("MZmcpold");
const FAILED = newCallId("MZmcpfail");
const LONG = newCallId("MZmcplong");

type Turn = { role: string; text: string; start_timestamp: number; end_timestamp: number; tts_ttfb?: number };
const turn = (role: string, text: string, start: number, end: number, ttfb?: number): Turn => ({
  role,
  text,
  start_timestamp: start,
  end_timestamp: end,
  ...(ttfb ? { tts_ttfb: ttfb } : {}),
});

async function sendCall(id: string, deployment: string, transcript: Turn[], extra: Record<string, unknown> = {}) {
  const d = fixture("webhooks/call_completed.call-object.json");
  const start = new Date(Date.now() - 5 * 60_000);
  const response = await postWebhook({
    ...d,
    request_id: id,
    agent_id: AGENT,
    timestamp: new Date(start.getTime() + 60_000).toISOString(),
    call: {
      ...d.call,
      id,
      agent_id: AGENT,
      deployment_id: deployment,
      start_time: start.toISOString(),
      end_time: new Date(start.getTime() + 50_000).toISOString(),
      transcript,
      ...extra,
    },
  });
  expect(response.status).toBe(200);
}

const httpClient = async (key: string) => {
  const client = new Client({ name: "callscope-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl()}/api/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
  return client;
};

/** A tool's answer: its text parsed as JSON when it is JSON. */
async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { type: string; text: string }[] };
  const text = result.content.map((c) => c.text).join("\n");
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { isError: result.isError === true, text, json };
}

let member: Client;
let ingestKey: string;

beforeAll(async () => {
  const put = async (id: string, createdAt: Date) =>
    expect(
      (
        await api("PUT", `/api/v1/deployments/${id}`, {
          type: "application/json",
          body: JSON.stringify({
            agent_id: AGENT,
            status: "deployed",
            is_live: id === NEW,
            git_commit_hash: id.slice(-6),
            created_at: createdAt.toISOString(),
          }),
        })
      ).status,
    ).toBeLessThan(300);
  await put(OLD, new Date(Date.now() - 2 * 86_400_000));
  await put(NEW, new Date(Date.now() - 3_600_000));

  // The slowest answer of the newest deployment: 2.5 s after the user stopped, right after the card number.
  await sendCall(SLOW, NEW, [
    turn("assistant", "Thanks for calling, how can I help?", 0.5, 2.0, 0.3),
    turn("user", `I want to pay with my card ${CARD_SPACED} please`, 2.4, 6.0),
    turn("assistant", "One moment while I take the payment.", 8.5, 11.0, 0.9),
    turn("user", "Okay.", 11.5, 12.0),
    turn("assistant", "Done, you are all set.", 12.4, 14.0, 0.25),
  ]);
  await sendCall(QUICK, NEW, [
    turn("user", "Hello?", 0.5, 1.0),
    turn("assistant", "Hi, what can I do for you?", 1.3, 3.0, 0.2),
    turn("user", "Nothing, bye.", 3.5, 4.0),
    turn("assistant", "Goodbye!", 4.4, 5.0, 0.22),
  ]);
  // Slower still, but of the older deployment: never among the newest deployment's turns.
  await sendCall(OLDER, OLD, [turn("user", "Are you there?", 0.5, 1.0), turn("assistant", "Sorry, yes, I am here.", 6.0, 8.0, 1.4)]);
  await sendCall(FAILED, NEW, [turn("user", "Charge it.", 0.5, 1.0), turn("assistant", "Trying now.", 1.4, 2.0, 0.3)], {
    status: "failed",
    end_reason: "error",
    error_message: `payment provider refused card ${CARD}`,
  });
  await sendCall(
    LONG,
    OLD,
    Array.from({ length: 200 }, (_, i) => turn(i % 2 ? "assistant" : "user", `turn ${i} ${"blah ".repeat(200)}`, i * 10, i * 10 + 8, i % 2 ? 0.3 : undefined)),
  );
  const events = await api("POST", `/api/v1/calls/${SLOW}/events`, {
    type: "application/x-ndjson",
    body: [
      JSON.stringify({ type: "log_event", event: "payment_started", metadata: { card: CARD }, timestamp: 7.0 }),
      JSON.stringify({ type: "log_metric", name: "payment_ms", value: 2100, timestamp: 8.4 }),
    ].join("\n"),
  });
  expect(events.status).toBe(200);
  expect((await api("POST", `/api/v1/calls/${SLOW}/logs`, { type: "text/plain", body: `charging card ${CARD_SPACED} took 2100 ms` })).status).toBe(200);

  // The response gaps are measured by a background job once each call has finished.
  await until(
    "the response gaps of every call",
    async () => Promise.all([SLOW, QUICK, OLDER, FAILED].map(async (id) => (await api("GET", `/api/v1/calls/${id}`)).json?.conversation)),
    (all) => all.every(Boolean),
    60_000,
  );
  const created = await api("POST", "/api/v1/keys", { type: "application/json", body: JSON.stringify({ label: `mcp-ingest-${TAG}`, role: "ingest" }) });
  ingestKey = created.json.key;
  member = await httpClient(TEST_MEMBER_API_KEY);
}, 120_000);

afterAll(async () => {
  await member?.close();
});

describe("the MCP server over Streamable HTTP", () => {
  it("lists its tools with JSON input schemas and short descriptions, its call resources and its prompt", async () => {
    const { tools } = await member.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        "compare_deployments",
        "failure_summary",
        "get_call",
        "get_transcript",
        "latency_summary",
        "list_agents",
        "list_deployments",
        "search_calls",
        "slowest_turns",
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(tool.description!.length, tool.name).toBeGreaterThan(40);
      expect(tool.description!.length, tool.name).toBeLessThan(500);
    }
    expect(tools.find((t) => t.name === "get_call")!.inputSchema.required).toEqual(["call_id"]);
    const { resourceTemplates } = await member.listResourceTemplates();
    expect(resourceTemplates.map((r) => r.uriTemplate)).toEqual(["callscope://calls/{id}"]);
    const { prompts } = await member.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["investigate_call"]);
  });

  it("searches calls with the list's filters and text search", async () => {
    const found = await call(member, "search_calls", { agent_id: [AGENT], q: "moment" });
    expect(found.json.calls.map((c: { id: string }) => c.id)).toEqual([SLOW]);
    const failed = await call(member, "search_calls", { agent_id: [AGENT], status: ["failed"] });
    expect(failed.json.calls).toEqual([expect.objectContaining({ id: FAILED, status: "failed", failure_reason: "payment provider refused card [card]" })]);
    const page = await call(member, "search_calls", { agent_id: [AGENT], limit: 2 });
    expect(page.json.calls).toHaveLength(2);
    const rest = await call(member, "search_calls", { agent_id: [AGENT], limit: 2, cursor: page.json.next });
    expect(rest.json.calls.map((c: { id: string }) => c.id)).not.toContain(page.json.calls[0].id);
    const wrong = await call(member, "search_calls", { agent_id: [AGENT], cursor: "not-a-cursor" });
    expect(wrong.isError).toBe(true);
  });

  it("gets a call with its failure reason, conversation figures and turn latencies, events and logs on request", async () => {
    const slow = await call(member, "get_call", { call_id: SLOW, include: ["events", "logs"] });
    expect(slow.json.call).toMatchObject({ id: SLOW, agent_id: AGENT, deployment_id: NEW, status: "completed", turn_count: 5 });
    expect(slow.json.conversation.response_gap_max_ms).toBe(2500);
    expect(slow.json.turns[2]).toMatchObject({ index: 2, role: "assistant", start_s: 8.5, tts_ttfb_ms: 900, gap_ms: 2500 });
    expect(slow.json.events.map((e: { name: string }) => e.name)).toEqual(["payment_started", "payment_ms"]);
    expect(slow.json.logs).toHaveLength(1);
    const failed = await call(member, "get_call", { call_id: FAILED });
    expect(failed.json.call.failure_reason).toEqual({ text: "payment provider refused card [card]", source: "cartesia" });
    expect(failed.json).not.toHaveProperty("events");
    expect((await call(member, "get_call", { call_id: "MZnosuchcall" })).isError).toBe(true);
  });

  it("keeps every answer under its size limit, with a cursor for the rest", async () => {
    const first = await call(member, "get_call", { call_id: LONG, limit: 200 });
    expect(first.text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    expect(first.json.turns.length).toBeGreaterThan(0);
    expect(first.json.turns.length).toBeLessThan(200);
    expect(first.json.turns[0].text.length).toBeLessThanOrEqual(401);
    const second = await call(member, "get_call", { call_id: LONG, limit: 200, cursor: first.json.next });
    expect(second.json.turns[0].index).toBe(first.json.turns.length);
    const byDefault = await call(member, "get_call", { call_id: LONG });
    expect(byDefault.json.turns).toHaveLength(30);
    const transcript = await call(member, "get_transcript", { call_id: LONG, limit: 400 });
    expect(transcript.text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    expect(transcript.json.lines_total).toBe(200);
    expect(transcript.json.next).not.toBeNull();
  });

  it("summarizes latency, compares deployments and groups failures", async () => {
    const summary = await call(member, "latency_summary", { group_by: "deployment", agent_id: [AGENT], range: "24h" });
    const byId = Object.fromEntries(summary.json.groups.map((g: { deployment_id: string }) => [g.deployment_id, g]));
    // NEW's tts_ttfb values: 300, 900, 250 (SLOW), 200, 220 (QUICK), 300 (FAILED).
    expect(byId[NEW]).toMatchObject({ n: 6, p50_ms: 275, max_ms: 900 });
    const compared = await call(member, "compare_deployments", { agent_id: [AGENT], range: "24h" });
    const newest = compared.json.deployments.find((d: { deployment_id: string }) => d.deployment_id === NEW);
    expect(newest).toMatchObject({ previous_deployment_id: OLD, agent_id: AGENT });
    expect(newest.summary).toContain(`${NEW} against ${OLD}`);
    const failures = await call(member, "failure_summary", { agent_id: [AGENT], range: "24h" });
    expect(failures.json).toMatchObject({
      failed_calls: 1,
      groups: [{ reason: "payment provider refused card [card]", source: "cartesia", calls: 1, example_call_ids: [FAILED] }],
    });
    const agents = await call(member, "list_agents", { limit: 100 });
    expect(agents.json.agents.find((a: { id: string }) => a.id === AGENT)).toMatchObject({ calls: 5, failed_calls: 1 });
  });

  it("gives each call as a resource (its bundle as JSON) and a prompt that chains the tools", async () => {
    const resource = await member.readResource({ uri: `callscope://calls/${SLOW}` });
    const bundle = JSON.parse((resource.contents[0] as { text: string }).text);
    expect(bundle.call.id).toBe(SLOW);
    expect(bundle.call).toEqual((await api("GET", `/api/v1/calls/${SLOW}`)).json);
    expect(bundle.webhook_deliveries.length).toBeGreaterThan(0);
    expect(bundle.deployment.deployment.id).toBe(NEW);
    expect(bundle.logs).toHaveLength(1);
    await expect(member.readResource({ uri: "callscope://calls/MZnosuchcall" })).rejects.toThrow();
    const prompt = await member.getPrompt({ name: "investigate_call", arguments: { call_id: SLOW } });
    const text = (prompt.messages[0].content as { text: string }).text;
    for (const tool of ["get_call", "get_transcript", "slowest_turns", "compare_deployments", "failure_summary"]) expect(text).toContain(tool);
    expect(text).toContain(SLOW);
  });

  it("answers a value redacted in the API redacted in every tool, resource and prompt", async () => {
    const apiCall = (await api("GET", `/api/v1/calls/${SLOW}`)).json;
    expect(JSON.stringify(apiCall)).toContain("[card]");
    expect(hasCard(JSON.stringify(apiCall))).toBe(false);
    const answers = [
      await call(member, "search_calls", { agent_id: [AGENT], q: "card" }),
      await call(member, "search_calls", { agent_id: [AGENT], limit: 25 }),
      await call(member, "get_call", { call_id: SLOW, include: ["events", "logs"] }),
      await call(member, "get_call", { call_id: FAILED, include: ["events", "logs"] }),
      await call(member, "get_transcript", { call_id: SLOW, include_events: true }),
      await call(member, "slowest_turns", { agent_id: [AGENT], limit: 50 }),
      await call(member, "latency_summary", { agent_id: [AGENT] }),
      await call(member, "compare_deployments", { agent_id: [AGENT], range: "24h" }),
      await call(member, "failure_summary", { agent_id: [AGENT], range: "24h" }),
      await call(member, "list_agents", { limit: 100 }),
      await call(member, "list_deployments", { agent_id: AGENT }),
    ];
    for (const answer of answers) {
      expect(answer.isError, answer.text.slice(0, 200)).toBe(false);
      expect(hasCard(answer.text), answer.text.slice(0, 200)).toBe(false);
    }
    expect(answers[2].text).toContain("[card]");
    expect(answers[4].text).toContain("[card]");
    const resource = await member.readResource({ uri: `callscope://calls/${SLOW}` });
    const text = (resource.contents[0] as { text: string }).text;
    expect(text).toContain("[card]");
    expect(hasCard(text)).toBe(false);
  });
});

describe("who may use the MCP endpoint", () => {
  const post = (headers: Record<string, string>) =>
    fetch(`${baseUrl()}/api/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });

  it("refuses ingest keys, no key, a wrong key and a console session, in the API's JSON errors", async () => {
    const ingest = await post({ authorization: `Bearer ${ingestKey}` });
    expect(ingest.status).toBe(403);
    expect((await ingest.json()).error.code).toBe("forbidden");
    await expect(httpClient(ingestKey)).rejects.toThrow();
    const none = await post({});
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("unauthorized");
    expect((await post({ authorization: "Bearer cs_not_a_key_at_all_0123" })).status).toBe(401);
    const { cookie } = await signInCookie(TEST_ADMIN, `198.51.100.${Math.floor(Math.random() * 200) + 20}`);
    expect(cookie).toContain("=");
    expect((await post({ cookie })).status).toBe(401);
    const get = await fetch(`${baseUrl()}/api/mcp`, { headers: { authorization: `Bearer ${TEST_MEMBER_API_KEY}` } });
    expect(get.status).toBe(405);
  });

  it("counts failed authentications against the API's limit", async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
    const { TEST_AUTH_FAILURE_LIMIT } = await import("../support/stack");
    for (let i = 0; i < TEST_AUTH_FAILURE_LIMIT; i++) {
      const wrong = await post({ authorization: "Bearer cs_wrong_key_for_the_limit_0123", "x-forwarded-for": address });
      expect(wrong.status).toBe(401);
    }
    const limited = await post({ authorization: `Bearer ${TEST_MEMBER_API_KEY}`, "x-forwarded-for": address });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    // The same address is limited on the rest of the API too: one limiter.
    expect((await api("GET", "/api/v1/agents", { key: TEST_MEMBER_API_KEY, headers: { "x-forwarded-for": address } })).status).toBe(429);
  });

  it("gives a member key nothing of what only admins read", async () => {
    const adminOnly = [(await api("GET", "/api/v1/keys")).json, (await api("GET", "/api/v1/users")).json, (await api("GET", `/api/v1/audit?limit=20`)).json];
    expect((await api("GET", "/api/v1/keys", { key: TEST_MEMBER_API_KEY })).status).toBe(403);
    const secrets = [
      TEST_WEBHOOK_SECRET,
      TEST_ADMIN.email,
      ...adminOnly[0].data.map((k: { id: string; label: string }) => k.label),
      ...adminOnly[2].data.map((e: { address: string | null }) => e.address).filter(Boolean),
    ].filter((s: string) => s.length > 6);
    expect(secrets.length).toBeGreaterThan(3);
    const { tools } = await member.listTools();
    const everything: string[] = [];
    for (const tool of tools)
      everything.push((await call(member, tool.name, ["get_call", "get_transcript"].includes(tool.name) ? { call_id: SLOW } : {})).text);
    everything.push((await call(member, "get_call", { call_id: SLOW, include: ["events", "logs"] })).text);
    everything.push(((await member.readResource({ uri: `callscope://calls/${SLOW}` })).contents[0] as { text: string }).text);
    const all = everything.join("\n");
    for (const secret of secrets) expect(all, secret).not.toContain(secret);
    // There is no tool and no resource for admin data: asking for one is an error.
    expect((await call(member, "list_keys")).isError).toBe(true);
    await expect(member.readResource({ uri: "callscope://keys" })).rejects.toThrow();
  });
});

/** `callscope mcp` started with `key`, as a user would start it; what it prints on stderr, so far. */
function cliTransport(key: string) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(ROOT, "bin/callscope.mjs"), "mcp"],
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), CALLSCOPE_URL: baseUrl(), CALLSCOPE_API_KEY: key },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return { transport, stderr: () => stderr };
}

describe("the MCP server over stdio (`callscope mcp`)", () => {
  let stdio: Client;
  let cli: ReturnType<typeof cliTransport>;

  beforeAll(async () => {
    cli = cliTransport(TEST_MEMBER_API_KEY);
    stdio = new Client({ name: "callscope-test-stdio", version: "1.0.0" });
    await stdio.connect(cli.transport);
  }, 60_000);

  afterAll(async () => {
    await stdio?.close();
  });

  it("finds the slowest turns of the newest deployment and reads the transcript around them", async () => {
    expect((await stdio.listTools()).tools).toHaveLength(9);
    const deployments = await call(stdio, "list_deployments", { agent_id: AGENT });
    const newest = deployments.json.deployments[0].id;
    expect(newest).toBe(NEW);

    const slowest = await call(stdio, "slowest_turns", { deployment_id: [newest], limit: 2 });
    expect(slowest.json.turns_total).toBe(5);
    expect(slowest.json.turns[0]).toMatchObject({ call_id: SLOW, deployment_id: NEW, at_s: 8.5, gap_ms: 2500, measured_by: "timestamps", tts_ttfb_ms: 900 });
    expect(slowest.json.turns[0].user_said).toBe("I want to pay with my card [card] please");
    expect(slowest.json.turns[0].agent_answered).toBe("One moment while I take the payment.");
    expect(slowest.json.turns.map((t: { call_id: string }) => t.call_id)).not.toContain(OLDER);
    expect(slowest.json.turns[0].gap_ms).toBeGreaterThanOrEqual(slowest.json.turns[1].gap_ms);
    const more = await call(stdio, "slowest_turns", { deployment_id: [newest], limit: 2, cursor: slowest.json.next });
    expect(more.json.turns).toHaveLength(2);
    expect(more.json.turns[0].gap_ms).toBeLessThanOrEqual(slowest.json.turns[1].gap_ms);

    const around = await call(stdio, "get_transcript", { call_id: SLOW, around_s: slowest.json.turns[0].at_s, window_s: 7, include_events: true });
    const lines = around.json.text.split("\n");
    expect(lines).toEqual([
      "[00:02.400] User: I want to pay with my card [card] please",
      "[00:07.000] (log_event) payment_started",
      "[00:08.400] (log_metric) payment_ms = 2100",
      "[00:08.500] Agent: One moment while I take the payment.",
      "[00:11.500] User: Okay.",
      "[00:12.400] Agent: Done, you are all set.",
    ]);
  });

  it("answers exactly as the HTTP endpoint does, with the key's role", async () => {
    const viaStdio = await call(stdio, "get_call", { call_id: SLOW, include: ["events", "logs"] });
    const viaHttp = await call(member, "get_call", { call_id: SLOW, include: ["events", "logs"] });
    expect(viaStdio.json).toEqual(viaHttp.json);
    expect(cli.stderr()).toContain("serving");
  });

  it("refuses to start a session with an ingest key", async () => {
    const { transport, stderr: err } = cliTransport(ingestKey);
    const client = new Client({ name: "callscope-test-ingest", version: "1.0.0" });
    await expect(client.connect(transport)).rejects.toThrow(/403|forbidden|role/i);
    await client.close();
    expect(err()).toMatch(/403|role/);
  }, 60_000);
});
