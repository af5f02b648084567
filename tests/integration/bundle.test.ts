// The debug bundle of a call: GET /api/v1/calls/{id}/bundle, the console's
// download and `callscope bundle`, checked with the system's unzip. A call
// with a transcript, events, a log line, a deployment and a card number sent
// through the webhook; and a call with a 200 MB recording, streamed in and out.
import { execFileSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { luhnValid } from "@/lib/privacy/redact";
import pkg from "@/package.json";
import { adminKey, api, baseUrl, fixture, newCallId, postWebhook, signInCookie } from "../support/http";
import { TEST_MEMBER, TEST_MEMBER_API_KEY, TEST_WEBHOOK_SECRET } from "../support/stack";
import { until } from "../support/until";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(os.tmpdir(), "callscope-bundle-"));
const TAG = Math.random().toString(36).slice(2, 8);
const DEPLOYMENT = `dep_bundle_${TAG}`;
const CALL = newCallId("MZbundle");
const BIG = newCallId("MZbundlebig");
const BIG_BYTES = 200 * 1024 * 1024;

function randomCard(): string {
  const body = `4${Array.from({ length: 14 }, () => Math.floor(Math.random() * 10)).join("")}`;
  return body + [...Array(10).keys()].find((d) => luhnValid(body + d));
}
const CARD = randomCard();

const FILES = [
  "call.json",
  "transcript.txt",
  "transcript.json",
  "events.ndjson",
  "logs.txt",
  "webhook-deliveries.json",
  "conversation.json",
  "deployment.json",
  "README.txt",
];
const folder = (id: string) => `callscope-${id}`;
const unzip = (...args: string[]) => execFileSync("unzip", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
/** The names and sizes in a zip, as `unzip -l` lists them. */
function listing(file: string): Map<string, number> {
  const rows = unzip("-l", file)
    .split("\n")
    .map((line) => /^\s*(\d+)\s+\S+\s+\S+\s+(\S.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[2] !== "Name");
  return new Map(rows.map((m) => [m[2], Number(m[1])]));
}
const read = (file: string, id: string, name: string) => unzip("-p", file, `${folder(id)}/${name}`);

async function download(url: string, headers: Record<string, string>, file: string) {
  const response = await fetch(url, { headers });
  expect(response.status, response.status === 200 ? "" : await response.clone().text()).toBe(200);
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream), createWriteStream(file));
  return response;
}

beforeAll(async () => {
  const put = await api("PUT", `/api/v1/deployments/${DEPLOYMENT}`, {
    type: "application/json",
    body: JSON.stringify({ agent_id: "agent_bundle", version_id: `ver_${TAG}`, status: "deployed", is_live: true, git_commit_hash: "abc1234" }),
  });
  expect(put.status).toBeLessThan(300);
  const d = fixture("webhooks/call_completed.call-object.json");
  const response = await postWebhook({
    ...d,
    request_id: CALL,
    call: {
      ...d.call,
      id: CALL,
      agent_id: "agent_bundle",
      deployment_id: DEPLOYMENT,
      deployment_version_id: `ver_${TAG}`,
      transcript: [
        { role: "assistant", text: "How can I help?", start_timestamp: 0.5, end_timestamp: 1.5, tts_ttfb: 0.2 },
        { role: "user", text: `My card is ${CARD}.`, start_timestamp: 2.0, end_timestamp: 4.0 },
        { role: "assistant", text: "Thanks, charging it now.", start_timestamp: 4.5, end_timestamp: 6.0, tts_ttfb: 0.3 },
      ],
    },
  });
  expect(response.status).toBe(200);
  expect(
    (
      await api("POST", `/api/v1/calls/${CALL}/events`, {
        type: "application/json",
        body: JSON.stringify({ type: "log_event", event: "charge_started", metadata: { amount: 12 }, timestamp: 4.6 }),
      })
    ).status,
  ).toBe(200);
  expect(
    (await api("POST", `/api/v1/calls/${CALL}/logs`, { type: "text/plain", body: "2025-06-26 10:01:07,815 WARNING payment gateway slow: 812 ms" })).status,
  ).toBe(200);
  // The conversation figures are worked out in the background: the bundle and the API are compared once they are there.
  await until(
    "the call's conversation figures",
    async () => (await api("GET", `/api/v1/calls/${CALL}/transcript?format=json`)).json.conversation,
    (conversation) => conversation !== null && conversation !== undefined,
  );
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the debug bundle", () => {
  it("holds every file, readable by the system's unzip, with the API's data redacted as the API has it", async () => {
    const file = path.join(dir, "call.zip");
    const response = await download(`${baseUrl()}/api/v1/calls/${CALL}/bundle`, { authorization: `Bearer ${TEST_MEMBER_API_KEY}` }, file);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${folder(CALL)}.zip"`);
    expect(unzip("-t", file)).toContain("No errors detected");
    expect([...listing(file).keys()].sort()).toEqual(FILES.map((f) => `${folder(CALL)}/${f}`).sort());

    const apiCall = (await api("GET", `/api/v1/calls/${CALL}`, { key: TEST_MEMBER_API_KEY })).json;
    expect(JSON.parse(read(file, CALL, "call.json"))).toEqual(apiCall);
    const transcriptJson = (await api("GET", `/api/v1/calls/${CALL}/transcript?format=json&include=events`)).json;
    expect(JSON.parse(read(file, CALL, "transcript.json"))).toEqual(transcriptJson);
    const txt = read(file, CALL, "transcript.txt");
    expect(txt).toContain("[00:02.000] User: My card is [card].");
    expect(txt).toContain("(log_event) charge_started");
    const events = read(file, CALL, "events.ndjson")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.name)).toEqual(apiCall.events.filter((e: { type: string }) => e.type !== "log").map((e: { name: string }) => e.name));
    expect(events.every((e) => e.type !== "log")).toBe(true);
    expect(events.some((e) => e.name === "charge_started")).toBe(true);
    expect(read(file, CALL, "logs.txt")).toMatch(/WARNING payment gateway slow: 812 ms\n$/);
    const deliveries = JSON.parse(read(file, CALL, "webhook-deliveries.json"));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ type: "call_completed", outcome: "applied" });
    expect(deliveries[0].payload.call.transcript[1].text).toBe("My card is [card].");
    expect(JSON.parse(read(file, CALL, "conversation.json"))).toEqual(apiCall.conversation);
    const deployment = JSON.parse(read(file, CALL, "deployment.json"));
    expect(deployment).toMatchObject({
      deployment_id: DEPLOYMENT,
      call_deployment_version_id: `ver_${TAG}`,
      deployment: { id: DEPLOYMENT, version_id: `ver_${TAG}`, git_commit_hash: "abc1234" },
    });
    const readme = read(file, CALL, "README.txt");
    expect(readme).toContain(`Made by Callscope ${pkg.version}`);
    for (const name of FILES) expect(readme).toContain(name);
    expect(readme).toContain("no recording");

    const everything = unzip("-p", file);
    expect(everything).not.toContain(CARD);
    expect(everything).not.toContain(TEST_WEBHOOK_SECRET);
  });

  it("is recorded in the audit log, by the API and by the console's button", async () => {
    const { cookie } = await signInCookie(TEST_MEMBER, `198.51.100.${Math.floor(Math.random() * 200) + 20}`);
    const console = await fetch(`${baseUrl()}/calls/${CALL}/bundle?recording=false`, { headers: { cookie } });
    expect(console.status).toBe(200);
    expect(console.headers.get("content-type")).toBe("application/zip");
    await console.arrayBuffer();
    const page = await (await fetch(`${baseUrl()}/calls/${CALL}`, { headers: { cookie } })).text();
    expect(page).toContain(`href="/calls/${CALL}/bundle"`);
    expect(page).toContain("Download debug bundle");
    const audit = (await api("GET", `/api/v1/audit?action=bundle.downloaded&target=${CALL}`)).json.data;
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(audit.map((e: { actor: { kind: string } }) => e.actor.kind).sort()).toEqual(expect.arrayContaining(["key", "user"]));
    expect(audit[0]).toMatchObject({ action: "bundle.downloaded", target_type: "call", target_id: CALL });
  });

  it("refuses ingest keys and answers an unknown call and a bad parameter in JSON", async () => {
    const ingest = await api("POST", "/api/v1/keys", { type: "application/json", body: JSON.stringify({ label: `bundle-${TAG}`, role: "ingest" }) });
    expect((await api("GET", `/api/v1/calls/${CALL}/bundle`, { key: ingest.json.key })).status).toBe(403);
    const missing = await api("GET", `/api/v1/calls/MZnosuchbundle/bundle`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("not_found");
    const bad = await api("GET", `/api/v1/calls/${CALL}/bundle?recording=maybe`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("bad_request");
  });

  it("streams a 200 MB recording into the zip, and leaves it out with recording=false", async () => {
    let sent = 0;
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) & 0xff;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= BIG_BYTES) return controller.close();
        controller.enqueue(new Uint8Array(chunk));
        sent += chunk.length;
      },
    });
    const put = await fetch(`${baseUrl()}/api/v1/calls/${BIG}/recording`, {
      method: "PUT",
      headers: { authorization: `Bearer ${adminKey()}`, "content-type": "audio/mpeg" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(put.status, await put.clone().text()).toBe(201);
    const { sha256 } = await put.json();

    const file = path.join(dir, "big.zip");
    await download(`${baseUrl()}/api/v1/calls/${BIG}/bundle`, { authorization: `Bearer ${TEST_MEMBER_API_KEY}` }, file);
    expect(unzip("-t", file)).toContain("No errors detected");
    const names = listing(file);
    const recording = [...names.keys()].find((n) => n.startsWith(`${folder(BIG)}/recording.`))!;
    expect(recording).toBeDefined();
    expect(names.get(recording)).toBe(BIG_BYTES);
    expect(statSync(file).size).toBeGreaterThan(BIG_BYTES);
    expect(read(file, BIG, "README.txt")).toContain(`sha256 ${sha256}`);
    const hash = execFileSync("sh", ["-c", `unzip -p "${file}" "${recording}" | sha256sum`], { encoding: "utf8" }).split(" ")[0];
    expect(hash).toBe(sha256);

    const small = path.join(dir, "small.zip");
    await download(`${baseUrl()}/api/v1/calls/${BIG}/bundle?recording=false`, { authorization: `Bearer ${TEST_MEMBER_API_KEY}` }, small);
    expect([...listing(small).keys()].some((n) => n.includes("recording."))).toBe(false);
    expect(read(small, BIG, "README.txt")).toContain("left out (recording=false)");
  }, 180_000);

  it("is saved by `callscope bundle`", () => {
    const out = path.join(dir, "cli.zip");
    const printed = execFileSync(process.execPath, [path.join(ROOT, "bin/callscope.mjs"), "bundle", CALL, "--out", out, "--no-recording"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CALLSCOPE_URL: baseUrl(), CALLSCOPE_API_KEY: TEST_MEMBER_API_KEY },
    });
    expect(printed.trim()).toBe(out);
    expect([...listing(out).keys()].sort()).toEqual(FILES.map((f) => `${folder(CALL)}/${f}`).sort());
    let code = 0;
    try {
      execFileSync(process.execPath, [path.join(ROOT, "bin/callscope.mjs"), "bundle", "MZnosuchbundle", "--out", path.join(dir, "x.zip")], {
        cwd: ROOT,
        stdio: "pipe",
        env: { ...process.env, CALLSCOPE_URL: baseUrl(), CALLSCOPE_API_KEY: TEST_MEMBER_API_KEY },
      });
    } catch (error) {
      code = (error as { status: number }).status;
    }
    expect(code).toBe(4);
  }, 60_000);
});
