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
import { changeCauseState } from "@/lib/causes/change-cause-state";
import { createDatabase } from "@/lib/db/create-client";
import { openDatabase } from "@/lib/db/open-database";
import { DEMO_DEPLOYMENTS, type DemoCall, demoCalls } from "@/lib/demo/demo-calls";
import { synthesizeWav } from "@/lib/demo/synthesize-wav";
import { createWebhookSecret } from "@/lib/ingest/cartesia-webhook/webhook-secrets";

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
  if (envSecret && envKey) return { secret: envSecret, apiKey: envKey, inDatabase: false };
  const database = await openDatabase();
  const { db, close } = createDatabase(database.url, 1);
  try {
    const secret = envSecret ?? (await createWebhookSecret(db, "demo")).secret;
    const apiKey = envKey ?? (await createApiKey(db, { label: "demo", role: "ingest" })).key;
    return { secret, apiKey, inDatabase: true };
  } finally {
    await close();
    await database.stop();
  }
}

const { secret, apiKey, inDatabase } = await credentials();
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

/** Calls whose index leaves this remainder by 13 end in a failed transfer (their end reason). */
const TRANSFER_FAILS = 7;

async function sendCall(call: DemoCall, index: number) {
  const envelope = { request_id: call.id, agent_id: call.agentId, webhook_id: "agent_webhook_demo" };
  const lastEnd = call.turns.at(-1)!.end;
  const end = lastEnd + 1;
  // Half the failed calls fail in Cartesia's speech-to-text; the others log the LLM provider's error themselves.
  const sttFailure = call.failed && index % 2 === 0;
  const llmFailure = call.failed && !sttFailure;
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
    ...(llmFailure
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
    events.map((e, i) => JSON.stringify({ id: `${call.id}-e${i}`, ...e })).join("\n"),
    "application/x-ndjson",
  );
  const logLines = [
    `${iso(call.start).replace("T", " ").slice(0, 23).replace(".", ",")} INFO  agent started for call ${call.id}`,
    ...call.turns
      .filter((t) => t.tool)
      .map((t) => `${iso(call.start, t.end).replace("T", " ").slice(0, 23).replace(".", ",")} INFO  tool ${t.tool!.name} called`),
    llmFailure
      ? `${iso(call.start, lastEnd).replace("T", " ").slice(0, 23).replace(".", ",")} ERROR upstream LLM error: 503 Service Unavailable`
      : sttFailure
        ? `${iso(call.start, lastEnd).replace("T", " ").slice(0, 23).replace(".", ",")} WARNING speech-to-text stream closed by the provider`
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
  const callObject = (status: string, fields: { end_reason: string | null; error_message: string | null }) => ({
    id: call.id,
    agent_id: call.agentId,
    status,
    start_time: iso(call.start),
    end_time: iso(call.start, end),
    deployment_id: call.deploymentId,
    telephony_params: { from: call.from, to: call.to },
    summary: null,
    transcript: body,
    ...fields,
  });
  if (sttFailure) {
    // Cartesia's own error, on the typed call object (a different request id each time: one cause).
    const error_message = `STT provider error: upstream answered 503 for request req_${(0x5f3a91c2 + index * 7919).toString(16)}`;
    await webhook({ type: "call_failed", ...envelope, timestamp: iso(call.start, end), call: callObject("failed", { end_reason: null, error_message }) });
  } else if (call.failed) {
    await webhook({ type: "call_failed", ...envelope, body, timestamp: iso(call.start, end) });
  } else if (index % 2 === 0 && !call.deploymentId) {
    // Half the calls complete in the seed document's shape; calls with a deployment need the typed call object to name it.
    await webhook({ type: "call_completed", ...envelope, body, timestamp: iso(call.start, end) });
  } else {
    const end_reason = index % 13 === TRANSFER_FAILS ? "transfer_failed" : index % 3 ? "client_hangup" : "agent_hangup";
    await webhook({ type: "call_completed", ...envelope, timestamp: iso(call.start, end), call: callObject("completed", { end_reason, error_message: null }) });
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

/**
 * A cause that comes back in a deployment after it was fixed there: the failed transfers are marked resolved in
 * the live dental deployment, and a call on it that starts after that fails its transfer again, so the Problems
 * page shows the cause regressed. It needs the server's database (where the credentials were made) to resolve
 * the cause as an admin would.
 */
async function regression() {
  const live = DEMO_DEPLOYMENTS.find((d) => d.live)!;
  const model = calls.find((c) => c.deploymentId === live.id && !c.failed);
  const transferFailed = calls.some((c, i) => c.deploymentId && i % 13 === TRANSFER_FAILS);
  if (!inDatabase || !model || !transferFailed) return;
  const database = await openDatabase();
  const { pool, close } = createDatabase(database.url, 2);
  try {
    let cause: string | undefined;
    for (let tries = 0; !cause && tries < 60; tries++) {
      const { rows } = await pool.query("select id from causes where kind = 'transfer_failed' order by call_count desc limit 1");
      cause = rows[0]?.id;
      if (!cause) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    if (!cause) return console.log("The failed transfers were not grouped within a minute: no regression shown.");
    await changeCauseState(pool, cause, { state: "resolved", resolved_in_deployment_id: live.id, note: "Transfer number corrected" }, "demo");
    const turns = model.turns.slice(0, 4);
    const again: DemoCall = { ...model, id: `${model.id}r`, start: new Date(Date.now() + 1000), turns };
    // Sent once it is over, as Cartesia would.
    await new Promise((resolve) => setTimeout(resolve, (turns.at(-1)!.end + 3) * 1000));
    // An index whose transfer fails and whose tool does not time out (index % 6 === 1 adds that).
    await sendCall(again, TRANSFER_FAILS + 13);
    console.log(`Resolved a cause in ${live.id} and sent a call that brings it back: ${base}/problems/${cause}`);
  } finally {
    await close();
    await database.stop();
  }
}
await regression();
