// npm run demo - sends realistic calls to a running Callscope over HTTP,
// through the real ingest path: webhooks (both of Cartesia's shapes),
// telemetry (events, metrics, log lines), deployments and WAV recordings.
//
//   npm run demo -- [--url http://localhost:3000] [--calls 50]
//
// Credentials: CARTESIA_WEBHOOK_SECRETS and CALLSCOPE_API_KEY when set;
// otherwise a webhook secret and an API key labelled "demo" are created in
// Callscope's database (the embedded one, or DATABASE_URL's).
import { parseArgs } from "node:util";
import { createApiKey } from "@/lib/auth/api-keys";
import { createDatabase } from "@/lib/db/create-client";
import { openDatabase } from "@/lib/db/open-database";
import { DEMO_DEPLOYMENTS, type DemoCall, demoCalls } from "@/lib/demo/demo-calls";
import { synthesizeWav } from "@/lib/demo/synthesize-wav";
import { createWebhookSecret } from "@/lib/ingest/webhook/webhook-secrets";

const { values } = parseArgs({
  options: { url: { type: "string" }, calls: { type: "string", default: "50" } },
});
const base = (values.url ?? process.env.CALLSCOPE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
const count = Number(values.calls);
if (!Number.isInteger(count) || count < 1 || count > 100_000) {
  console.error("--calls must be a whole number from 1 to 100000");
  process.exit(2);
}

try {
  const health = await fetch(`${base}/api/health`);
  if (!health.ok) throw new Error(`health answered ${health.status}`);
} catch (error) {
  console.error(`Callscope is not answering at ${base} (${(error as Error).message}). Start it with \`npm start\`, or pass --url.`);
  process.exit(1);
}

async function credentials() {
  const envSecret = process.env.CARTESIA_WEBHOOK_SECRETS?.split(",")[0]?.trim();
  const envKey = process.env.CALLSCOPE_API_KEY;
  if (envSecret && envKey) return { secret: envSecret, apiKey: envKey };
  const database = await openDatabase();
  const { db, close } = createDatabase(database.url, 1);
  try {
    const secret = envSecret ?? (await createWebhookSecret(db, "demo")).secret;
    const apiKey = envKey ?? (await createApiKey(db, { label: "demo", role: "ingest" })).key;
    return { secret, apiKey };
  } finally {
    await close();
    await database.stop();
  }
}

const { secret, apiKey } = await credentials();
let requests = 0;

async function send(method: string, path: string, body: BodyInit, headers: Record<string, string>) {
  const response = await fetch(`${base}${path}`, { method, body, headers });
  requests++;
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
}
const webhook = (delivery: unknown) =>
  send("POST", "/api/webhooks/cartesia", JSON.stringify(delivery), { "content-type": "application/json", "x-webhook-secret": secret });
const api = (method: string, path: string, body: BodyInit, contentType: string) =>
  send(method, path, body, { "content-type": contentType, authorization: `Bearer ${apiKey}` });

/** The stage figures Cartesia puts on a transcript row: stt_ttfb on the user turn, vad_buffer_ms on the assistant's. */
const stageFields = (t: DemoCall["turns"][number]) => ({
  ...(t.sttTtfb !== undefined ? { stt_ttfb: t.sttTtfb } : {}),
  ...(t.vadBufferMs !== undefined ? { vad_buffer_ms: t.vadBufferMs } : {}),
});

const round3 = (s: number) => Math.round(s * 1000) / 1000;
const iso = (date: Date, plusS = 0) => new Date(date.getTime() + plusS * 1000).toISOString();

async function sendCall(call: DemoCall, index: number) {
  const envelope = { request_id: call.id, agent_id: call.agentId, webhook_id: "agent_webhook_demo" };
  const lastEnd = call.turns.at(-1)!.end;
  const end = lastEnd + 1;
  await webhook({ type: "call_started", ...envelope, body: [], timestamp: iso(call.start) });
  for (const turn of call.turns) {
    await webhook({
      type: "call_turn",
      ...envelope,
      timestamp: iso(call.start, turn.end + 0.05),
      turn: {
        role: turn.role,
        text: turn.text,
        start_timestamp: turn.start,
        end_timestamp: turn.end,
        was_interrupted: false,
        tool_calls: turn.tool ? [turn.tool] : [],
        ...stageFields(turn),
      },
    });
  }
  const events = [
    {
      type: "log_event",
      event: "call_connected",
      metadata: { level: "info", message: "Caller connected", metadata: { from: call.from } },
      responding_to: null,
      timestamp: 0.2,
    },
    {
      type: "log_metric",
      name: "first_question",
      value: call.turns[1]?.text.includes("?") ? "yes" : "no",
      responding_to: null,
      timestamp: call.turns[1]?.start ?? 1,
    },
    ...call.turns
      .filter((t) => t.tool)
      .flatMap((t) => [
        { type: "log_event", event: "tool_started", metadata: { tool: t.tool!.name }, responding_to: null, timestamp: t.end - 0.3 },
        { type: "log_metric", name: "tool_latency_ms", value: Math.round(180 + ((index * 53) % 400)), responding_to: null, timestamp: t.end },
      ]),
    // The LLM's first output before each answer, as Line's LlmAgent logs it: answering the user turn before it
    // (responding_to, that turn's input event) and logged while the agent prepares the answer; agent_turn_ms,
    // logged once the answer is spoken, belongs to the same group.
    ...call.turns.flatMap((t, k) => {
      const question = call.turns[k - 1];
      if (t.role !== "assistant" || !t.llm || question?.role !== "user") return [];
      const respondingTo = `${call.id}-input-${k - 1}`;
      return [
        { type: "log_metric", name: t.llm.name, value: t.llm.ms, responding_to: respondingTo, timestamp: round3(question.end + t.llm.ms / 1000) },
        { type: "log_metric", name: "agent_turn_ms", value: Math.round((t.end - question.end) * 1000), responding_to: respondingTo, timestamp: t.end },
      ];
    }),
    // Now and then a tool times out (a different number of ms and query string each time: one cause on the
    // Problems page); some transfers do not connect (their end reason, below).
    ...call.turns
      .filter((t) => t.tool && index % 6 === 1)
      .flatMap((t) => {
        const ms = 2900 + ((index * 131) % 400);
        const frame = { type: "tool_call", name: t.tool!.name, arguments: t.tool!.arguments, id: `${call.id}-tool-timeout`, responding_to: null };
        return [
          { ...frame, result: null, timestamp: t.end - 0.3 },
          {
            ...frame,
            result: JSON.stringify({ error: `Timeout after ${ms} ms calling https://api.example.com/v2/${t.tool!.name}?request=${index * 7}` }),
            timestamp: round3(t.end - 0.3 + ms / 1000),
          },
        ];
      }),
    ...(call.failed
      ? [
          {
            type: "log_event",
            event: "upstream_error",
            metadata: { level: "error", message: "LLM provider returned 503", metadata: { retry: false } },
            responding_to: null,
            timestamp: lastEnd + 0.2,
          },
        ]
      : []),
  ];
  await api(
    "POST",
    `/api/v1/calls/${call.id}/events`,
    events.map((e, i) => JSON.stringify({ ...e, id: `${call.id}-e${i}` })).join("\n"),
    "application/x-ndjson",
  );
  const logLines = [
    `${iso(call.start).replace("T", " ").slice(0, 23).replace(".", ",")} INFO  agent started for call ${call.id}`,
    ...call.turns
      .filter((t) => t.tool)
      .map((t) => `${iso(call.start, t.end).replace("T", " ").slice(0, 23).replace(".", ",")} INFO  tool ${t.tool!.name} called`),
    call.failed
      ? `${iso(call.start, lastEnd).replace("T", " ").slice(0, 23).replace(".", ",")} ERROR upstream LLM error: 503 Service Unavailable`
      : `${iso(call.start, lastEnd).replace("T", " ").slice(0, 23).replace(".", ",")} INFO  call finished normally`,
  ];
  await api("POST", `/api/v1/calls/${call.id}/logs`, logLines.join("\n"), "text/plain");
  const wav = synthesizeWav(
    call.turns.map((t) => ({ role: t.role, startS: t.start + (t.heardDelay ?? 0), endS: t.end })),
    end,
  );
  await api("PUT", `/api/v1/calls/${call.id}/recording`, new Uint8Array(wav), "audio/wav");

  const body = call.turns.map((t) => ({
    role: t.role,
    text: t.text,
    start_timestamp: t.start,
    end_timestamp: t.end,
    ...(t.ttfb ? { tts_ttfb: t.ttfb } : {}),
    ...stageFields(t),
  }));
  if (call.failed) {
    await webhook({ type: "call_failed", ...envelope, body, timestamp: iso(call.start, end) });
  } else if (index % 2 === 0 && !call.deploymentId) {
    // Half the calls complete in the seed document's shape; calls with a deployment need the typed call object to name it.
    await webhook({ type: "call_completed", ...envelope, body, timestamp: iso(call.start, end) });
  } else {
    await webhook({
      type: "call_completed",
      ...envelope,
      timestamp: iso(call.start, end),
      call: {
        id: call.id,
        agent_id: call.agentId,
        status: "completed",
        start_time: iso(call.start),
        end_time: iso(call.start, end),
        end_reason: index % 13 === 7 ? "transfer_failed" : index % 3 ? "client_hangup" : "agent_hangup",
        deployment_id: call.deploymentId,
        telephony_params: { from: call.from, to: call.to },
        summary: null,
        error_message: null,
        transcript: body,
      },
    });
  }
  if (!call.failed) {
    await webhook({ type: "post_call_analysis", ...envelope, timestamp: iso(call.start, end + 15), analysis: { summary: call.summary } });
  }
}

const now = new Date();
for (const d of DEMO_DEPLOYMENTS) {
  const created = new Date(now.getTime() - d.daysAgo * 86400_000);
  await api(
    "PUT",
    `/api/v1/deployments/${d.id}`,
    JSON.stringify({
      agent_id: d.agentId,
      status: d.live ? "deployed" : "inactive",
      is_live: d.live,
      is_pinned: false,
      git_commit_hash: d.git,
      created_at: created.toISOString(),
      build_started_at: iso(created, 2),
      build_completed_at: iso(created, 150),
      deployment_started_at: iso(created, 151),
      deployment_completed_at: iso(created, 192),
      build_logs: "Creating virtual environment\nInstalling requirements.txt\nLoading main.py\nHealth check passed\nready\n",
    }),
    "application/json",
  );
  await api("POST", `/api/v1/deployments/${d.id}/logs`, `${iso(created, 200).replace("T", " ").slice(0, 19)} INFO  deployment serving traffic`, "text/plain");
}

const calls = demoCalls(count, now);
const started = Date.now();
let done = 0;
const queue = calls.map((call, index) => ({ call, index }));
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await sendCall(next.call, next.index);
      done++;
      if (process.stdout.isTTY) process.stdout.write(`\rSent ${done}/${calls.length} calls`);
    }
  }),
);
console.log(`\nSent ${calls.length} calls (${requests} requests) to ${base} in ${((Date.now() - started) / 1000).toFixed(1)} s. Open ${base}/calls`);
