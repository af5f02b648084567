// Personal data end to end, on two app instances sharing one database: A has
// CALLSCOPE_REDACT=card,email,phone,ssn,iban and drops recordings of redacted
// calls; B follows the database's policy (card only, the default). A card
// number, an email address and a phone number, in every form the recognisers
// know, are sent in every field a call can carry, by webhook, telemetry, logs,
// deployments and Cartesia's API objects; none of them is anywhere in the
// database or in any answer afterwards. Then a delivery that runs past the
// redaction budget, erasure by phone and by email, the audit log, and
// retention of back-dated calls.
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { luhnValid, TIMED_OUT } from "@/lib/privacy/redact";
import { until } from "../support/until";
import { fixture, postWebhook } from "../support/http";
import { type Instances, startInstances } from "../support/instances";
import { type Stack, TEST_ADMIN_API_KEY, TEST_MEMBER_API_KEY, TEST_WEBHOOK_SECRET } from "../support/stack";

let instances: Instances;
let a: Stack;
let b: Stack;
let database: pg.Pool;

/** A Luhn-valid Visa number of random digits, so that it can be searched for without false hits. */
function randomCard(): string {
  const body = `4${Array.from({ length: 14 }, () => Math.floor(Math.random() * 10)).join("")}`;
  return body + [...Array(10).keys()].find((d) => luhnValid(body + d));
}
const CARD = randomCard();
const CARD_SPACED = CARD.match(/.{4}/g)!.join(" ");
const CARD_SPOKEN = [...CARD].map((d) => ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][Number(d)]).join(" ");
const EMAIL = `jane.${Date.now().toString(36)}@example.com`;
const PHONE = "+44 20 7946 0958";
const PHONE_DIGITS = "442079460958";
const IBAN = "GB82 WEST 1234 5698 7654 32";
const pii = (where: string) => `${where}: card ${CARD_SPACED}, mail ${EMAIL}, call ${PHONE}, iban ${IBAN}`;

// The forms that used to get through, each findable afterwards as written.
const STAMP = Date.now().toString(36);
const FULL_WIDTH = (digits: string) => [...digits].map((d) => String.fromCodePoint(0xff10 + Number(d))).join("");
const SPOKEN_DIGITS = (digits: string) =>
  [...digits].map((d) => ["oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][Number(d)]).join(" ");
const NEW_FORMS = {
  cardDots: CARD.match(/.{4}/g)!.join("."),
  cardDashes: CARD.match(/.{4}/g)!.join(" -- "),
  cardFullWidth: FULL_WIDTH(CARD_SPACED.replace(/ /g, "")),
  phoneSpoken: SPOKEN_DIGITS("02079460958"),
  phoneUnderscores: "020_7946_0958",
  emailAccents: `jürgen.${STAMP}@müller.de`,
  emailSpoken: `jane${STAMP} at example dot com`,
  ssnDots: "123.45.6789",
  ibanDots: "GB82.WEST.1234.5698.7654.32",
};
const newForms = (where: string) => `${where}: ${Object.values(NEW_FORMS).join(", and ")}`;

async function send(stack: Stack, method: string, url: string, body?: unknown, options: { key?: string; type?: string } = {}) {
  const response = await fetch(`${stack.baseUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${options.key ?? TEST_ADMIN_API_KEY}`,
      ...(body === undefined ? {} : { "content-type": options.type ?? "application/json" }),
    },
    body: body === undefined ? undefined : typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, text, json };
}

async function webhook(stack: Stack, body: unknown) {
  const response = await postWebhook(body, { url: stack.baseUrl, secret: TEST_WEBHOOK_SECRET });
  expect(response.status, JSON.stringify(response.json)).toBe(200);
}

/** A completed call of `agent` with a transcript, tool call, log event and metric, started `daysAgo` days ago. */
function completedCall(
  id: string,
  options: { agent?: string; daysAgo?: number; text?: (where: string) => string; from?: string; to?: string; metadata?: unknown } = {},
) {
  const say = options.text ?? ((where: string) => `nothing personal in the ${where}`);
  const start = new Date(Date.now() - (options.daysAgo ?? 0) * 86_400_000 - 120_000);
  const seed = fixture("webhooks/call_completed.call-object.json");
  return {
    ...seed,
    request_id: id,
    agent_id: options.agent ?? "agent_privacy",
    timestamp: new Date(start.getTime() + 110_000).toISOString(),
    call: {
      ...seed.call,
      id,
      agent_id: options.agent ?? "agent_privacy",
      start_time: start.toISOString(),
      end_time: new Date(start.getTime() + 100_000).toISOString(),
      telephony_params: { from: options.from ?? "+15555550142", to: options.to ?? "+15555550199" },
      summary: say("summary"),
      metadata: options.metadata ?? { note: say("metadata"), nested: { deeper: [say("nested metadata")] } },
      transcript: [
        { role: "assistant", text: "How can I help?", start_timestamp: 0.8, end_timestamp: 2.6, tts_ttfb: 0.2 },
        { role: "user", text: say("user turn"), start_timestamp: 3.1, end_timestamp: 4.9, text_chunks: [{ text: say("chunk"), start_timestamp: 3.1 }] },
        {
          role: "assistant",
          text: `Let me check. ${say("assistant turn")}`,
          start_timestamp: 5.4,
          end_timestamp: 7.9,
          tts_ttfb: 0.3,
          tool_calls: [{ id: "tc_1", name: "charge", arguments: { card: say("tool arguments") }, result: { receipt: say("tool result") } }],
        },
        {
          role: "system",
          start_timestamp: 8,
          end_timestamp: 8,
          log_event: { event: "payment_taken", metadata: { detail: say("log event metadata") }, timestamp: 8 },
        },
        { role: "system", start_timestamp: 8.5, end_timestamp: 8.5, log_metric: { name: "caller_said", value: say("metric value"), timestamp: 8.5 } },
      ],
    },
  };
}

/** Every row of every table of the database that holds the needle (digits compared without separators, text without case). */
async function rowsHolding(): Promise<Record<string, string[]>> {
  const { rows: tables } = await database.query("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
  const found: Record<string, string[]> = {};
  for (const { table_name: table } of tables) {
    const { rows } = await database.query(
      `select
         bool_or(regexp_replace(x::text, '\\D', '', 'g') like '%' || $1 || '%') as card,
         bool_or(lower(x::text) like '%' || $2 || '%') as email,
         bool_or(regexp_replace(x::text, '\\D', '', 'g') like '%' || $3 || '%' or regexp_replace(x::text, '\\D', '', 'g') like '%02079460958%') as phone,
         bool_or(regexp_replace(upper(x::text), '[ .\\-]', '', 'g') like '%GB82WEST12345698765432%') as iban,
         bool_or(regexp_replace(translate(x::text, '０１２３４５６７８９', '0123456789'), '\\D', '', 'g') like '%' || $1 || '%') as full_width_card
       from "${table}" x`,
      [CARD, EMAIL.toLowerCase(), PHONE_DIGITS],
    );
    const hits = Object.entries(rows[0]).flatMap(([kind, hit]) => (hit ? [kind] : []));
    if (hits.length) found[table] = hits;
  }
  return found;
}

/** The new forms that are not digits to compare: each must be in no table, as written. */
const NEW_FORM_TEXTS = [
  NEW_FORMS.phoneSpoken,
  NEW_FORMS.phoneUnderscores,
  NEW_FORMS.emailAccents,
  NEW_FORMS.emailSpoken,
  NEW_FORMS.ssnDots,
  NEW_FORMS.ibanDots,
];

/** The tables with a row that holds this text. */
async function rowsHoldingText(text: string): Promise<string[]> {
  const { rows: tables } = await database.query("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
  const found: string[] = [];
  for (const { table_name: table } of tables) {
    const { rows } = await database.query(`select 1 from "${table}" x where lower(x::text) like '%' || $1 || '%' limit 1`, [text.toLowerCase()]);
    if (rows.length) found.push(table);
  }
  return found;
}

const holds = (text: string) =>
  [
    text.replace(/\D/g, "").includes(CARD) && "card",
    text.toLowerCase().includes(EMAIL.toLowerCase()) && "email",
    text.replace(/\D/g, "").includes(PHONE_DIGITS) && "phone",
  ].filter(Boolean);

beforeAll(async () => {
  instances = await startInstances({
    env: { RETENTION_INTERVAL_S: "1", CONVERSATION_BACKFILL: "false", AUDIT_RETENTION_DAYS: "30" },
    a: { CALLSCOPE_REDACT: "card,email,phone,ssn,iban", CALLSCOPE_REDACT_AUDIO: "drop", CALLSCOPE_PHONE_REGION: "GB" },
    // One recordings folder for both, as a shared disk would be.
    sharedDataDir: true,
  });
  ({ a, b, database } = instances);
}, 120_000);

afterAll(async () => {
  await instances?.stop();
});

describe("redaction before storage", () => {
  const id = `MZprivacy${Date.now().toString(16)}`;

  it("stores no card number, email address or phone number from any field, by any way in", async () => {
    await webhook(a, completedCall(id, { text: (where) => `${pii(where)}; ${newForms(where)}` }));
    await webhook(a, {
      type: "post_call_analysis",
      request_id: id,
      agent_id: "agent_privacy",
      timestamp: new Date().toISOString(),
      analysis: { summary: pii("analysis") },
    });
    const events = await send(
      a,
      "POST",
      `/api/v1/calls/${id}/events`,
      [
        { type: "log_event", event: "customer", metadata: { customer: { contact: [pii("event metadata")], spoken: CARD_SPOKEN } }, id: "e1" },
        { type: "log_metric", name: "said", value: pii("metric"), id: "e2" },
        { type: "log", level: "info", message: pii("log message"), id: "e3" },
        // In a key, a JSON number, the skip list's fields, an event's name.
        {
          type: "log_event",
          event: `customer ${EMAIL}`,
          metadata: { [EMAIL]: "as a key", user_id: EMAIL, caller_id: PHONE, phone: Number(PHONE_DIGITS), detail: newForms("event metadata") },
          id: "e4",
        },
        { type: "log", level: EMAIL, message: newForms("log message"), id: "e5" },
      ],
      { key: TEST_MEMBER_API_KEY },
    );
    expect(events.status).toBe(200);
    expect(events.json.stored).toBe(5);
    expect((await send(a, "POST", `/api/v1/calls/${id}/logs`, `INFO ${pii("log line")}\nINFO ${newForms("log line")}\n`, { type: "text/plain" })).status).toBe(
      200,
    );
    expect((await send(a, "POST", "/api/v1/deployments/dep_privacy/logs", `ERROR ${pii("deployment log")}\n`, { type: "text/plain" })).status).toBe(200);
    const deployment = await send(a, "PUT", "/api/v1/deployments/dep_privacy", {
      status: "build_error",
      build_logs: `${pii("build logs")}\n${newForms("build logs")}`,
      build_error: pii("build error"),
      deployment_error: newForms("deployment error"),
      notes: { by: pii("extra"), [EMAIL]: NEW_FORMS.cardDots },
    });
    expect(deployment.status, deployment.text).toBeLessThan(300);
    // A retry of the same telemetry stores nothing new, and counts nothing twice.
    expect(
      (
        await send(a, "POST", `/api/v1/calls/${id}/events`, [{ type: "log_metric", name: "said", value: pii("metric"), id: "e2" }], {
          key: TEST_MEMBER_API_KEY,
        })
      ).json.stored,
    ).toBe(0);

    expect(await rowsHolding()).toEqual({});
    for (const text of NEW_FORM_TEXTS) expect(await rowsHoldingText(text), text).toEqual([]);

    // Every answer about the call: the API, the exports, the search, the event stream.
    const call = await send(a, "GET", `/api/v1/calls/${encodeURIComponent(id)}`);
    expect(call.status).toBe(200);
    const answers = [
      call.text,
      (await send(a, "GET", `/api/v1/calls/${id}/transcript?format=json&include=events`)).text,
      (await send(a, "GET", `/api/v1/calls/${id}/transcript?format=txt&include=events`)).text,
      (await send(a, "GET", `/api/v1/transcripts?format=jsonl&include=events&agent_id=agent_privacy`)).text,
      // An export's filters are kept in the audit log, which outlives erasure: never as sent.
      (await send(a, "GET", `/api/v1/transcripts?format=jsonl&q=${encodeURIComponent(EMAIL)}&phone=${encodeURIComponent(PHONE)}`)).text,
      (await send(a, "GET", `/api/v1/events`)).text,
      (await send(a, "GET", `/api/v1/deployments/dep_privacy`)).text,
    ];
    for (const answer of answers) expect(holds(answer)).toEqual([]);
    expect(await rowsHolding()).toEqual({});
    const exported = await database.query("select details from audit_events where action = 'transcripts.exported' order by id desc limit 1");
    expect(exported.rows[0].details.filters).toMatchObject({ q: "[email]", phone: "[phone]" });
    expect((await send(a, "GET", `/api/v1/calls?q=${encodeURIComponent(EMAIL)}`)).json.data).toEqual([]);
    expect((await send(a, "GET", `/api/v1/calls?q=${encodeURIComponent("[card]")}`)).status).toBe(200);

    // What was replaced, and how often: counts per kind, never the values.
    const turns = call.json.transcript.map((t: { text: string | null }) => t.text).join("\n");
    expect(turns).toContain("user turn: card [card], mail [email], call [phone], iban [iban]");
    expect(call.json.summary).toBe("analysis: card [card], mail [email], call [phone], iban [iban]");
    expect(call.json.redactions.card).toBeGreaterThanOrEqual(9);
    expect(call.json.redactions).toMatchObject({ email: expect.any(Number), phone: expect.any(Number), iban: expect.any(Number) });
    const spoken = call.json.events.find((e: { name: string }) => e.name === "customer");
    expect(spoken.metadata.customer.spoken).toBe("[card]");
    // The numbers that route the call follow the phone setting: A redacts phone numbers.
    expect(call.json.telephony_params).toMatchObject({ from: "[phone]", to: "[phone]" });
    const event = call.json.events.find((e: { metadata: { user_id?: string } | null }) => e.metadata?.user_id);
    expect(event).toMatchObject({ name: "customer [email]", metadata: { "[email]": "as a key", user_id: "[email]", caller_id: "[phone]", phone: "[phone]" } });
  });

  it("stores a delivery whose redaction runs past its budget with its text fields replaced, and logs a warning", async () => {
    const { createIngester } = await import("@/lib/ingest/cartesia-webhook/ingest-delivery");
    // The writer's own code, against the same database, with a budget of 1 ms.
    const ingest = createIngester(database, { windowMs: 2, maxBatch: 10, concurrency: 1, enrich: false, redactionBudgetMs: 1 });
    const slow = `MZslow${Date.now().toString(16)}`;
    const body = completedCall(slow, { text: (where) => `${where}: ${"one ".repeat(100_000)}card ${CARD_SPACED}` });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const answer = await ingest(JSON.stringify(body), null);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(warn.mock.calls.flat().join("\n")).toMatch(new RegExp(`redacting a delivery for ${slow} took longer than WEBHOOK_REDACTION_BUDGET_MS`));
    } finally {
      warn.mockRestore();
    }
    const { rows } = await database.query("select payload from webhook_deliveries where call_id = $1", [slow]);
    expect(rows).toHaveLength(1);
    expect(rows[0].payload.call.summary).toBe(TIMED_OUT);
    expect(rows[0].payload).toMatchObject({ type: "call_completed", request_id: slow });
    const turns = await database.query("select text from turns where call_id = $1 and text is not null", [slow]);
    expect(turns.rows.length).toBeGreaterThan(0);
    for (const turn of turns.rows) expect(turn.text).toBe(TIMED_OUT);
    expect(await rowsHolding()).toEqual({});
  });

  it("redacts calls and evaluations fetched from Cartesia's API too", async () => {
    const { applyCallObjects } = await import("@/lib/ingest/apply-call-objects");
    const { storeResults } = await import("@/lib/evaluations/store-evaluations");
    // This process has no CALLSCOPE_REDACT: it follows the database's policy, card numbers by default.
    const synced = `MZsync${Date.now().toString(16)}`;
    const object = completedCall(synced, { text: pii }).call;
    await applyCallObjects(database, [object as never]);
    await storeResults(database, [
      { id: `res_${synced}`, metricName: "quality", callId: synced, result: pii("evaluation reasoning"), jsonResult: { quote: pii("evaluation json") } },
    ]);
    const { rows } = await database.query(
      `select c.summary, c.redactions, (select string_agg(text, ' ') from turns where call_id = c.id) as turns,
         (select result || (json_result::text) from evaluation_results where call_id = c.id) as evaluation
       from calls c where c.id = $1`,
      [synced],
    );
    expect(rows[0].summary).toBe(`summary: card [card], mail ${EMAIL}, call ${PHONE}, iban ${IBAN}`);
    expect(rows[0].turns).toContain("user turn: card [card]");
    expect(rows[0].evaluation).toContain("evaluation reasoning: card [card]");
    expect(rows[0].evaluation).toContain("evaluation json: card [card]");
    expect(rows[0].evaluation.replace(/\D/g, "")).not.toContain(CARD);
    expect(rows[0].redactions.card).toBeGreaterThanOrEqual(8);
  });

  it("drops the recording of a redacted call, and says why where only readers see it", async () => {
    const put = await send(a, "PUT", `/api/v1/calls/${id}/recording`, new Uint8Array(4000), { type: "audio/wav" });
    expect(put.status).toBe(409);
    // The uploader learns that nothing was kept, not what the call holds; the call's status says why.
    expect(put.json.error.message).toBe("A recording cannot be stored for this call; nothing was kept.");
    expect(put.json.error.message).not.toMatch(/redact|card|CALLSCOPE_REDACT/i);
    const call = await send(a, "GET", `/api/v1/calls/${id}`);
    expect(call.json.recording_status).toBe("dropped");
    expect(call.json.recording).toBeNull();
    // A call with nothing redacted keeps its recording.
    const clean = `MZclean${Date.now().toString(16)}`;
    await webhook(a, completedCall(clean));
    expect((await send(a, "PUT", `/api/v1/calls/${clean}/recording`, new Uint8Array(4000), { type: "audio/wav" })).status).toBe(201);
    expect((await send(a, "GET", `/api/v1/calls/${clean}`)).json.redactions).toBeNull();
  });

  it("follows the database's policy where the environment sets none, and a change reaches the writer within seconds", async () => {
    const onB = `MZb${Date.now().toString(16)}`;
    await webhook(b, completedCall(onB, { text: pii }));
    const first = await send(b, "GET", `/api/v1/calls/${onB}`);
    expect(first.json.redactions).toEqual({ card: expect.any(Number) });
    expect(first.json.summary).toBe(`summary: card [card], mail ${EMAIL}, call ${PHONE}, iban ${IBAN}`);

    await database.query(
      `insert into settings (key, value) values ('privacy', '{"redact": ["card", "email"], "redactAudio": "keep"}'::jsonb)
       on conflict (key) do update set value = excluded.value`,
    );
    const later = `MZb2${Date.now().toString(16)}`;
    await until(
      "the new policy",
      async () => {
        await webhook(b, completedCall(`${later}${Math.random().toString(16).slice(2, 6)}`, { text: pii }));
        const { rows } = await database.query("select summary from calls where id like $1 order by created_at desc limit 1", [`${later}%`]);
        return rows[0]?.summary as string;
      },
      (summary) => summary?.includes("mail [email]"),
      15_000,
    );
    await database.query("delete from settings where key = 'privacy'");
  });
});

describe("erasure by person", () => {
  it("erases every call with a phone number, in any of its written forms, and no other", async () => {
    // On B, which keeps phone numbers (A redacts them, so there would be nothing to find).
    const stamp = Date.now().toString(16);
    const [caller, callee, other] = [`MZerase1${stamp}`, `MZerase2${stamp}`, `MZerase3${stamp}`];
    const withExtra = completedCall(caller, { from: "+447700900123" });
    await webhook(b, { ...withExtra, call: { ...withExtra.call, crm_note: "VIP, call back on +44 7700 900123" } });
    await webhook(b, completedCall(callee, { to: "07700 900123" }));
    await webhook(b, completedCall(other, { from: "+447700900124" }));
    // Deliveries logged with no call id: one names the number, one an erased call, one neither.
    const orphans = [
      { type: "call_completed", timestamp: new Date().toISOString(), note: `ring 07700 900123 orphan-${stamp}` },
      { type: "call_completed", timestamp: new Date().toISOString(), call: { id: caller, mark: `orphan-${stamp}` } },
      { type: "call_completed", timestamp: new Date().toISOString(), note: `ring 07700 900124 orphan-${stamp}` },
    ];
    for (const orphan of orphans) {
      const response = await fetch(`${b.baseUrl}/api/webhooks/cartesia`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-webhook-secret": TEST_WEBHOOK_SECRET },
        body: JSON.stringify(orphan),
      });
      expect(response.status).toBe(422);
    }
    expect((await database.query("select call_id from webhook_deliveries where payload::text like $1", [`%orphan-${stamp}%`])).rows).toEqual([
      { call_id: null },
      { call_id: null },
      { call_id: null },
    ]);
    expect((await database.query("select extra->>'crm_note' as note from calls where id = $1", [caller])).rows[0].note).toContain("7700 900123");

    const refused = await send(b, "POST", "/api/v1/erasure", { phone: "+1 not a number" });
    expect(refused.status).toBe(422);
    expect((await send(b, "POST", "/api/v1/erasure", { phone: "+447700900123" }, { key: TEST_MEMBER_API_KEY })).status).toBe(403);
    expect((await send(b, "POST", "/api/v1/erasure", { phone: "+447700900123", email: "x@example.com" })).status).toBe(422);

    const erased = await send(b, "POST", "/api/v1/erasure", { phone: "+44 7700 900123" });
    expect(erased.status).toBe(200);
    expect(erased.json.calls_affected).toBe(2);
    expect(erased.json.call_ids.sort()).toEqual([caller, callee].sort());
    for (const id of [caller, callee]) {
      const call = (await send(b, "GET", `/api/v1/calls/${id}`)).json;
      expect(call.transcript).toEqual([]);
      expect(call.events).toEqual([]);
      expect(call.telephony_params).toBeNull();
      expect(call.content_deleted).toMatchObject({ reason: "erased", by: `API key ${await keyId(TEST_ADMIN_API_KEY)}` });
    }
    expect((await send(b, "GET", `/api/v1/calls/${other}`)).json.transcript.length).toBeGreaterThan(0);
    // Nothing of the number is left: not in the call's other fields, not in any delivery, with a call or without.
    const { rows: extra } = await database.query("select extra from calls where id = $1", [caller]);
    expect(Object.keys(extra[0].extra)).toEqual(["content_deleted"]);
    const { rows } = await database.query(
      "select count(*)::int as n from webhook_deliveries where payload::text like '%7700900123%' or payload::text like '%7700 900123%'",
    );
    expect(rows[0].n).toBe(0);
    const { rows: kept } = await database.query("select payload from webhook_deliveries where payload::text like $1", [`%orphan-${stamp}%`]);
    expect(kept.map((r) => r.payload.note)).toEqual([`ring 07700 900124 orphan-${stamp}`]);
    // The audit log names the calls, never the number.
    const audit = await send(b, "GET", "/api/v1/audit?action=person.erased");
    expect(audit.json.data[0].details).toMatchObject({ by: "phone", calls: 2 });
    expect(JSON.stringify(audit.json.data)).not.toContain("7700");
  });

  it("erases by email address where the transcript kept one, through the CLI", async () => {
    const address = `sam.${Date.now().toString(36)}@example.org`;
    // B redacts card numbers only (the default) once it has seen that the policy stored earlier is gone.
    const id = await until(
      "a call stored with its email address",
      async () => {
        const candidate = `MZmail${Date.now().toString(16)}`;
        await webhook(b, completedCall(candidate, { text: (where) => `${where}: write to ${address.toUpperCase()}` }));
        return (await send(b, "GET", `/api/v1/calls/${candidate}`)).text.toLowerCase().includes(address) ? candidate : null;
      },
      (found) => found !== null,
      15_000,
    );
    const { execFile } = await import("node:child_process");
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", path.resolve("cli/index.ts"), "erase", "--email", address],
        { env: { ...process.env, CALLSCOPE_URL: b.baseUrl, CALLSCOPE_API_KEY: TEST_ADMIN_API_KEY } },
        (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)),
      ),
    );
    expect(out).toContain("Erased the content of 1 call.");
    expect(out).toContain(id!);
    expect((await send(b, "GET", `/api/v1/calls/${id}`)).text.toLowerCase()).not.toContain(address);
    expect(await rowsHoldingText(address)).toEqual([]);
  });
});

async function keyId(key: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  const { rows } = await database.query("select id from api_keys where hash = $1", [createHash("sha256").update(key).digest("hex")]);
  return rows[0]?.id;
}

describe("the audit log", () => {
  it("records who viewed, played, downloaded and exported, from which address, and filters", async () => {
    const id = `MZaudit${Date.now().toString(16)}`;
    await webhook(b, completedCall(id));
    expect((await send(b, "PUT", `/api/v1/calls/${id}/recording`, new Uint8Array(4000), { type: "audio/wav" })).status).toBe(201);
    await send(b, "GET", `/api/v1/calls/${id}`, undefined, { key: TEST_MEMBER_API_KEY });
    await send(b, "GET", `/api/v1/calls/${id}/recording`, undefined, { key: TEST_MEMBER_API_KEY });
    await send(b, "GET", `/api/v1/calls/${id}/recording?download=1`);
    await send(b, "GET", `/api/v1/calls/${id}/transcript?format=vtt`);
    const audit = await send(a, "GET", `/api/v1/audit?target=${id}`);
    expect(audit.status).toBe(200);
    const actions = audit.json.data.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual(["call.viewed", "recording.played", "recording.downloaded", "transcript.exported"]);
    const member = await keyId(TEST_MEMBER_API_KEY);
    expect(audit.json.data[3]).toMatchObject({
      actor: { kind: "key", id: member },
      target_type: "call",
      target_id: id,
      address: expect.stringMatching(/127\.0\.0\.1|::1/),
    });
    expect(audit.json.data[0].details).toEqual({ format: "vtt", events: false, causes: false });

    const byMember = await send(a, "GET", `/api/v1/audit?target=${id}&actor=${member}`);
    expect(byMember.json.data.map((e: { action: string }) => e.action).sort()).toEqual(["call.viewed", "recording.played"]);
    const page = await send(a, "GET", `/api/v1/audit?target=${id}&limit=2`);
    expect(page.json.data).toHaveLength(2);
    const rest = await send(a, "GET", `/api/v1/audit?target=${id}&limit=2&cursor=${page.json.next_page}`);
    expect([...page.json.data, ...rest.json.data].map((e: { id: string }) => e.id)).toEqual(audit.json.data.map((e: { id: string }) => e.id));
    expect((await send(a, "GET", "/api/v1/audit", undefined, { key: TEST_MEMBER_API_KEY })).status).toBe(403);
    for (const bad of ["action=nope", "since=2025-13-40", "cursor=abc", "limit=0", "limit=9999", "since=%00"]) {
      expect((await send(a, "GET", `/api/v1/audit?${bad}`)).status, bad).toBe(400);
    }
  });

  it("records changes of keys and monitors, without their secrets", async () => {
    const key = await send(a, "POST", "/api/v1/keys", { label: "audited", role: "member" });
    await send(a, "DELETE", `/api/v1/keys/${key.json.id}`);
    const monitor = await send(a, "POST", "/api/v1/monitors", {
      name: "audited",
      metric: "failure_rate",
      threshold: 0.5,
      window_minutes: 60,
      channels: [{ type: "webhook", url: "https://hooks.example.com/audited-hook", secret: "top-secret-value" }],
    });
    expect(monitor.status).toBe(201);
    await send(a, "PATCH", `/api/v1/monitors/${monitor.json.id}`, { threshold: 0.6 });
    await send(a, "DELETE", `/api/v1/monitors/${monitor.json.id}`);
    const keys = (await send(a, "GET", `/api/v1/audit?target=${key.json.id}`)).json.data.map((e: { action: string }) => e.action);
    expect(keys).toEqual(["key.revoked", "key.created"]);
    const monitors = (await send(a, "GET", `/api/v1/audit?target=${monitor.json.id}`)).json.data;
    expect(monitors.map((e: { action: string }) => e.action)).toEqual(["monitor.deleted", "monitor.updated", "monitor.created"]);
    expect(monitors[2].details).toMatchObject({ name: "audited", channels: ["webhook"] });
    expect(JSON.stringify(monitors)).not.toMatch(/top-secret|audited-hook/);
  });
});

describe("retention", () => {
  it("deletes old content and recordings in the background, keeps the stubs' figures and the latency histograms", async () => {
    const stamp = Date.now().toString(16);
    const old = `MZold${stamp}`;
    const keptByAgent = `MZkept${stamp}`;
    const oldRecording = `MZrec${stamp}`;
    const fresh = `MZfresh${stamp}`;
    await webhook(b, completedCall(old, { daysAgo: 400 }));
    await webhook(b, completedCall(keptByAgent, { daysAgo: 400, agent: "agent_long_memory" }));
    await webhook(b, completedCall(oldRecording, { daysAgo: 10 }));
    await webhook(b, completedCall(fresh, { daysAgo: 0 }));
    for (const id of [old, oldRecording]) {
      expect((await send(b, "PUT", `/api/v1/calls/${id}/recording`, new Uint8Array(4000), { type: "audio/wav" })).status).toBe(201);
    }
    const { rows: files } = await database.query("select storage_key from recordings where call_id = any($1) order by call_id", [[old, oldRecording]]);
    const hour = (await database.query("select date_trunc('hour', sort_time, 'UTC') as h from calls where id = $1", [old])).rows[0].h;
    const histogram = async () =>
      (
        await database.query(
          "select coalesce(sum(c), 0)::int as n from latency_hourly, unnest(counts) c where metric = 'tts_ttfb' and hour = $1 and agent_id = 'agent_privacy'",
          [hour],
        )
      ).rows[0].n;
    // The old hour's histogram is built from the turns first.
    await until("the old hour's rollup", histogram, (n) => n >= 2);
    const before = await histogram();

    await database.query(`insert into settings (key, value) values ('privacy', $1::jsonb) on conflict (key) do update set value = excluded.value`, [
      JSON.stringify({
        redact: ["card"],
        retentionDays: 30,
        recordingRetentionDays: 7,
        agents: { agent_long_memory: { retentionDays: 1000, recordingRetentionDays: null } },
      }),
    ]);
    const startedAt = new Date();
    await until(
      "a retention run",
      async () => (await database.query("select calls, recordings from retention_runs where finished_at > $1 and calls > 0", [startedAt])).rows,
      (r) => r.length > 0,
    );

    const stub = (await send(b, "GET", `/api/v1/calls/${old}`)).json;
    expect(stub.transcript).toEqual([]);
    expect(stub.events).toEqual([]);
    expect(stub.summary).toBeNull();
    expect(stub.metadata).toBeNull();
    expect(stub.content_deleted).toMatchObject({ reason: "retention" });
    expect(stub).toMatchObject({ status: "completed", duration_s: expect.any(Number), tts_ttfb_p50: expect.any(Number) });
    const listed = (await send(b, "GET", `/api/v1/calls?agent_id=agent_privacy&limit=200`)).json;
    expect(listed.data.find((c: { id: string }) => c.id === old)).toMatchObject({ turn_count: 3 });
    expect((await database.query("select count(*)::int as n from webhook_deliveries where call_id = $1 and payload ? 'call'", [old])).rows[0].n).toBe(0);

    // An agent with its own longer period keeps its call; a fresh call is untouched.
    expect((await send(b, "GET", `/api/v1/calls/${keptByAgent}`)).json.transcript.length).toBeGreaterThan(0);
    expect((await send(b, "GET", `/api/v1/calls/${fresh}`)).json.transcript.length).toBeGreaterThan(0);

    // The 10-day-old call keeps its transcript but loses its recording (7 days), file and all.
    const recorded = (await send(b, "GET", `/api/v1/calls/${oldRecording}`)).json;
    expect(recorded.transcript.length).toBeGreaterThan(0);
    expect(recorded.recording).toBeNull();
    expect(recorded.recording_status).toBe("expired");
    const { existsSync } = await import("node:fs");
    for (const { storage_key: key } of files) expect(existsSync(path.join(a.dataDir, "recordings", key))).toBe(false);

    // The latency histogram of the old hour still counts the deleted turns, after the rollup has had its rounds,
    // and after the hour is rebuilt from what is stored (as a late delivery to that hour would have it).
    await new Promise((r) => setTimeout(r, 4500));
    expect(await histogram()).toBe(before);
    await database.query("insert into latency_changes (hour, noted_at) values ($1, now() - interval '1 hour')", [hour]);
    await until(
      "the old hour rebuilt",
      async () => (await database.query("select count(*)::int as n from latency_changes where hour = $1", [hour])).rows[0].n,
      (n) => n === 0,
    );
    expect(await histogram()).toBe(before);
    // Its values go with the call's content when that is deleted for good.
    expect((await database.query("select count(*)::int as n from kept_turn_latency where call_id = $1", [old])).rows[0].n).toBeGreaterThan(0);
    expect((await send(b, "DELETE", `/api/v1/calls/${old}`)).status).toBe(200);
    expect((await database.query("select count(*)::int as n from kept_turn_latency where call_id = $1", [old])).rows[0].n).toBe(0);

    await database.query("delete from settings where key = 'privacy'");
  });

  it("deletes audit events past their own period", async () => {
    await database.query(
      "insert into audit_events (at, actor_kind, actor_name, action) values (now() - interval '40 days', 'system', 'test', 'retention.ran')",
    );
    await until(
      "the old audit event to go",
      async () => (await database.query("select count(*)::int as n from audit_events where at < now() - interval '30 days'")).rows[0].n,
      (n) => n === 0,
    );
  });
});
