import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PoolClient } from "pg";
import { describe, expect, it } from "vitest";
import type { CallObject } from "@/lib/cartesia/call-object";
import type { KnownDelivery } from "@/lib/cartesia/webhook-delivery";
import type { callObjectSource, deliverySource } from "@/lib/ingest/cartesia-webhook/apply-delivery";
import type { PreparedDelivery } from "@/lib/ingest/cartesia-webhook/store-deliveries";
import type { mutateCalls } from "@/lib/ingest/mutate-calls";
import type { EventRow } from "@/lib/ingest/telemetry/event-rows";
import type { storeToolCalls } from "@/lib/ingest/telemetry/store-tool-calls";
import type { RedactionPolicy } from "@/lib/privacy/redact";
import { redactForStore, redactValueForStore } from "@/lib/privacy/redact-for-store";

// Every text Callscope stores in a content table passes the redaction gate
// (lib/privacy/redact-for-store.ts). Two mechanisms hold that up. The gate
// brands what it returns Redacted<T>, and the write helpers (mutateCalls, the
// telemetry, deployment and evaluation inserts, the webhook's delivery log)
// take only that: tsc refuses anything else, and the probes at the end of
// this file fail the typecheck if that ever stops. And this test reads lib/
// for every statement that writes a content table (SQL and Prisma alike) and
// fails unless the file that holds it takes its values from the gate, so a
// writer that never meets the branded helpers is caught too.

/**
 * The content tables: what holds what a caller said, what the agent or
 * Cartesia said about a call, or what someone sent in. Not here, and why:
 * agents (names given at Cartesia), evaluation_metrics (prompts written at
 * Cartesia), causes and call_causes (titles made from call events and tool
 * calls already stored redacted), cause_state_changes (notes the console's
 * users type), call_conversations, response_gaps and the latency tables
 * (figures), audit_events (Callscope's own record; an export's search goes
 * through the gate in lib/privacy/audited-filters.ts), jobs (ids).
 * Each table maps to its Prisma model.
 */
const CONTENT_TABLES: Record<string, string> = {
  // spoken turns, and the tool calls in them and from telemetry
  turns: "turn",
  tool_calls: "toolCall",
  // log events, metrics and log lines: telemetry, transcripts' system rows, Cartesia's call logs
  call_events: "callEvent",
  // the calls' text columns: summary, error message, numbers, telephony, metadata, agent name, extra, search vector
  calls: "call",
  // Cartesia's delivery bodies, and why one failed
  webhook_deliveries: "webhookDelivery",
  // build logs, errors and the fields kept as sent; runtime log lines
  deployments: "deployment",
  deployment_logs: "deploymentLog",
  // an evaluation's reasoning quotes the call
  evaluation_results: "evaluationResult",
  // outbound batches and their recipients
  call_batches: "callBatch",
  // where a call's audio is kept (the audio itself cannot be redacted: it is dropped when the policy says so)
  recordings: "recording",
};

/** The gate: the module that makes Redacted values, and its thread. */
const GATE = ["lib/privacy/redact-for-store.ts", "lib/privacy/redact-off-thread.ts", "lib/privacy/redact-thread.ts"];

/**
 * Statements that write a content table and store no outside text: ids,
 * statuses, counts, Callscope's own markers, nulls. A file that writes a
 * content table without importing the gate must make only these; each entry
 * must still match something, so the list cannot go stale.
 */
const NO_OUTSIDE_TEXT: Record<string, { statement: RegExp; why: string }[]> = {
  "lib/ingest/load-call-states.ts": [{ statement: /^insert into calls \(id\) select unnest/i, why: "a call is made by its id alone" }],
  "lib/privacy/record-redactions.ts": [
    { statement: /^update calls c set redactions = /i, why: "counts per kind, never the values" },
    { statement: /^update calls set recording_status = 'dropped'/i, why: "a status" },
  ],
  "lib/privacy/delete-call-content.ts": [
    {
      statement: /^update webhook_deliveries set payload = jsonb_build_object\('type', type, 'content_deleted'/i,
      why: "the body replaced by the deletion's record",
    },
    { statement: /^update calls set summary = null, from_number = null/i, why: "the content emptied" },
  ],
  "lib/privacy/erase-person.ts": [
    {
      statement: /^update webhook_deliveries d set payload = jsonb_build_object\('type', d.type, 'content_deleted'/i,
      why: "the body replaced by the erasure's record",
    },
  ],
  "lib/privacy/retention.ts": [{ statement: /^update calls set recording_status = 'expired'/i, why: "a status" }],
  "lib/recordings/store-recording.ts": [
    { statement: /^\.call\.(update|upsert)\(.*recordingStatus/i, why: "a status" },
    { statement: /^\.recording\.upsert\(/i, why: "the audio's storage key, allowed type, size and hash" },
  ],
  "lib/sync/sync-worker.ts": [{ statement: /^\.call\.updateMany\(.*recordingStatus/i, why: "a status" }],
};

/**
 * Writers of outside text that do not redact it, each a decision to revisit.
 * Cartesia's outbound batches keep their recipients (the numbers it dials) as
 * Cartesia sent them, and the API serves them so; redacting them would change
 * what the batch pages show.
 */
const STORED_AS_SENT: Record<string, string> = {
  "lib/sync/sync-batches.ts": "call_batches, with the recipients Cartesia dials",
};

/** The core of mutateCalls: it writes what the changes handed to mutateCalls (Redacted only) made of the stored states. */
const CALL_CORE = { file: "lib/ingest/save-call-states.ts", onlyImporter: "lib/ingest/mutate-calls.ts" };

/** Files that read content back from its table, where it was stored redacted, and say so with fromStore. */
const READS_BACK = ["lib/ingest/cartesia-webhook/replay-delivery.ts"];

type Source = { file: string; text: string };

function readTree(dir: string): Source[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(process.cwd(), path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter((file) => !file.startsWith("lib/db/generated/"))
    .map((file) => ({ file, text: readFileSync(file, "utf8") }));
}

/** The code without its comments, so that prose about a table is not taken for a statement. */
function code(text: string): string {
  return text.replace(/^\s*\/\*[\s\S]*?\*\//gm, "").replace(/(^|\s)\/\/.*$/gm, "$1");
}

const tables = Object.keys(CONTENT_TABLES).join("|");
const models = Object.values(CONTENT_TABLES).join("|");
const SQL_WRITE = new RegExp(String.raw`\b(?:insert\s+into|update|copy)\s+"?(?:${tables})"?(?![\w$])`, "gi");
const PRISMA_WRITE = new RegExp(String.raw`\.(?:${models})\.(?:create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert)\s*\(`, "g");

/** Each statement that writes a content table, from its verb on, on one line. */
function writes(text: string): string[] {
  const body = code(text);
  const found: string[] = [];
  for (const pattern of [SQL_WRITE, PRISMA_WRITE]) {
    for (const match of body.matchAll(pattern))
      found.push(
        body
          .slice(match.index, match.index + 240)
          .replace(/\s+/g, " ")
          .toLowerCase(),
      );
  }
  return found;
}

const importsFrom = (text: string, module: RegExp) =>
  [...text.matchAll(/import\s+(?:type\s+)?([^;"']*?)\s+from\s+["']([^"']+)["']/g)].filter((m) => module.test(m[2])).map((m) => m[1]);
const importsGate = (text: string) => importsFrom(text, /(^@\/lib\/privacy\/|^\.\/)(redact-for-store|redact-off-thread)$/).length > 0;

/** What is wrong with these sources, one line a problem; none when every content write takes its values from the gate. */
function problems(sources: Source[]): string[] {
  const found: string[] = [];
  const used = new Set<string>();
  for (const { file, text } of sources) {
    const statements = writes(text);
    if (GATE.includes(file)) continue;
    // The recognisers are the gate's to call.
    for (const names of importsFrom(text, /(^@\/lib\/privacy\/|^\.\/)redact$/)) {
      for (const name of names.match(/\b(redactText|redactJson|redactField|redactJsonWithin|withoutText)\b/g) ?? [])
        found.push(`${file} calls ${name} itself: redact through lib/privacy/redact-for-store.ts`);
    }
    if (/\bas\s+(?:unknown\s+as\s+)?Redacted(?:Row)?</.test(code(text))) found.push(`${file} makes a Redacted value by a cast: only the gate makes them`);
    if (/\bfromStore\(/.test(code(text)) && !READS_BACK.includes(file))
      found.push(`${file} calls fromStore: only for content read back from its table (READS_BACK)`);
    if (!statements.length) continue;
    if (importsGate(text)) continue;
    if (file === CALL_CORE.file) {
      const importers = sources.filter((s) => importsFrom(s.text, /(^|\/)save-call-states$/).length).map((s) => s.file);
      if (importers.join() !== CALL_CORE.onlyImporter) found.push(`${file} is imported by ${importers.join(", ")}: only mutateCalls may write through it`);
      continue;
    }
    if (STORED_AS_SENT[file]) {
      used.add(`${file} stored as sent`);
      continue;
    }
    const allowed = NO_OUTSIDE_TEXT[file] ?? [];
    for (const statement of statements) {
      const entry = allowed.find((a) => a.statement.test(statement));
      if (entry) used.add(`${file} ${entry.statement}`);
      else found.push(`${file} writes a content table without the redaction gate: ${statement.slice(0, 100)}`);
    }
  }
  for (const [file, entries] of Object.entries(NO_OUTSIDE_TEXT)) {
    for (const entry of entries)
      if (!used.has(`${file} ${entry.statement}`)) found.push(`NO_OUTSIDE_TEXT lists ${file} ${entry.statement}, which no longer writes`);
  }
  for (const file of Object.keys(STORED_AS_SENT))
    if (!used.has(`${file} stored as sent`)) found.push(`STORED_AS_SENT lists ${file}, which no longer writes as sent`);
  return found;
}

const lib = readTree("lib");

describe("the redaction gate", () => {
  it("finds the statements that write content tables", () => {
    const writers = lib.filter((s) => writes(s.text).length).map((s) => s.file);
    // The writers of each kind of content; the scan must see them all, or it proves nothing.
    for (const file of [
      "lib/ingest/save-call-states.ts",
      "lib/ingest/telemetry/store-events.ts",
      "lib/ingest/telemetry/store-tool-calls.ts",
      "lib/ingest/cartesia-webhook/store-deliveries.ts",
      "lib/deployments/append-deployment-logs.ts",
      "lib/deployments/upsert-deployment.ts",
      "lib/evaluations/store-evaluations.ts",
      "lib/sync/sync-batches.ts",
    ])
      expect(writers).toContain(file);
  });

  it("is where every file that writes a content table takes its values from", () => {
    expect(problems(lib)).toEqual([]);
  });

  it("catches a writer that bypasses it", () => {
    const bypass = {
      file: "lib/ingest/telemetry/store-notes.ts",
      text: `import type { PoolClient } from "pg";\nexport const storeNote = (client: PoolClient, text: string) =>\n  client.query("insert into turns (call_id, role, text) values ($1, 'user', $2)", ["c", text]);\n`,
    };
    expect(problems([...lib, bypass])).toEqual([
      expect.stringContaining("lib/ingest/telemetry/store-notes.ts writes a content table without the redaction gate"),
    ]);
    const prisma = {
      file: "lib/calls/rename.ts",
      text: `export const rename = (db: any, summary: string) => db.call.update({ where: { id: "c" }, data: { summary } });\n`,
    };
    expect(problems([...lib, prisma])).toEqual([expect.stringContaining("lib/calls/rename.ts writes a content table without the redaction gate")]);
    const byHand = { file: "lib/calls/note.ts", text: `import { redactText } from "@/lib/privacy/redact";\nexport const note = redactText;\n` };
    expect(problems([...lib, byHand])).toEqual([expect.stringContaining("lib/calls/note.ts calls redactText itself")]);
    const cast = {
      file: "lib/calls/cast.ts",
      text: `import type { Redacted } from "@/lib/privacy/redact-for-store";\nexport const cast = (s: string) => s as Redacted<string>;\n`,
    };
    expect(problems([...lib, cast])).toEqual([expect.stringContaining("lib/calls/cast.ts makes a Redacted value by a cast")]);
  });

  it("redacts the columns it is told to, and stores the others as they are", () => {
    const policy: RedactionPolicy = { kinds: ["card", "email"], phoneRegion: "US" };
    const [{ row, counts }] = redactForStore(
      policy,
      [{ id: "jo@example.com", name: "payment_taken", message: "card 4111 1111 1111 1111", value: { to: "jo@example.com" } }],
      { text: ["message"], named: ["name"], json: ["value"] },
    );
    expect(row).toEqual({ id: "jo@example.com", name: "payment_taken", message: "card [card]", value: { to: "[email]" } });
    expect(counts).toEqual({ card: 1, email: 1 });
    expect(redactValueForStore(policy, "mail jo@example.com").value).toBe("mail [email]");
  });
});

// Checked by tsc (npm run typecheck), never run: each line marked as an
// expected error must be a type error, and the typecheck fails if one
// compiles, that is if a write helper came to take what did not pass the gate.
declare const client: PoolClient;
declare const policy: RedactionPolicy;
declare const call: CallObject;
declare const delivery: KnownDelivery;
declare const row: EventRow;
declare const source: { callObjects: typeof callObjectSource; deliveries: typeof deliverySource };
declare const mutate: typeof mutateCalls;
declare const storeFrames: typeof storeToolCalls;

export function _probes() {
  // @ts-expect-error a call object that did not pass the gate
  void mutate(client, source.callObjects, [call]);
  // @ts-expect-error a delivery that did not pass the gate
  void mutate(client, source.deliveries, [delivery]);
  void mutate(client, source.callObjects, [redactValueForStore(policy, call).value]);
  // @ts-expect-error telemetry frames that did not pass the gate
  void storeFrames(client, "c", [row]);
  void storeFrames(
    client,
    "c",
    redactForStore(policy, [row], { text: ["message"] }).map((r) => r.row),
  );
  // @ts-expect-error a delivery body stored as it came
  const _raw: PreparedDelivery["rawJson"] = "{}";
  return _raw;
}
