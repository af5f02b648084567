import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { BULK_FORMATS, TRANSCRIPT_FORMATS } from "@/lib/export/export-formats";
import { exportedTranscriptSchema } from "@/lib/export/transcript-json-schema";
import { adminKey, api, baseUrl, fixture, newCallId, postWebhook } from "../support/http";

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, "../../bin/callscope.mjs");

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, CALLSCOPE_URL: baseUrl(), CALLSCOPE_API_KEY: adminKey(), ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function seedCalls(agent: string, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = newCallId();
    ids.push(id);
    await postWebhook({ ...fixture("webhooks/call_completed.seed.json"), request_id: id, agent_id: agent, timestamp: `2025-08-0${i + 1}T10:00:00Z` });
  }
  await api("POST", `/api/v1/calls/${ids[0]}/events`, {
    body: JSON.stringify({ type: "log_metric", name: "lookup_ms", value: 412, timestamp: 12 }),
    type: "application/json",
  });
  return ids;
}

describe("transcript export", () => {
  it("exports one call in every format with the right type and file name", async () => {
    const [id] = await seedCalls(`agent_x_${Date.now()}`, 1);
    const types: Record<string, string> = { json: "application/json", csv: "text/csv", vtt: "text/vtt", srt: "application/x-subrip", txt: "text/plain" };
    // The one list the API, the CLI, the console and the OpenAPI description read: a format added there is tried here.
    expect(Object.keys(types)).toEqual(TRANSCRIPT_FORMATS);
    for (const [format, type] of Object.entries(types)) {
      const res = await api("GET", `/api/v1/calls/${id}/transcript?format=${format}&include=events`);
      expect(res.status, format).toBe(200);
      expect(res.headers.get("content-type")).toContain(type);
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${id}.${format}"`);
    }
    const json = (await api("GET", `/api/v1/calls/${id}/transcript?format=json&include=events`)).json;
    expect(exportedTranscriptSchema.safeParse(json).error).toBeUndefined();
    expect(json.turns).toHaveLength(5);
    expect(json.turns[0]).toMatchObject({
      index: 0,
      role: "assistant",
      start_timestamp: 1.175,
      end_timestamp: 5.387875000000001,
      tts_ttfb: 0.20372509956359863,
    });
    expect(json.events).toEqual([expect.objectContaining({ type: "log_metric", name: "lookup_ms", value: 412, timestamp: 12 })]);
    const docx = await api("GET", `/api/v1/calls/${id}/transcript?format=docx`);
    expect(docx.status).toBe(400);
    expect(docx.json.error.message).toBe(`format must be one of ${TRANSCRIPT_FORMATS.join(", ")}.`);
    const bulk = await api("GET", `/api/v1/transcripts?format=txt`);
    expect(bulk.status).toBe(400);
    expect(bulk.json.error.message).toBe(`format must be ${BULK_FORMATS.join(" or ")} (default jsonl).`);
    expect((await api("GET", `/api/v1/calls/${id}/transcript`, { key: null })).status).toBe(401);
  });

  it("streams every matching call in bulk, as JSON Lines and CSV", async () => {
    const agent = `agent_bulk_${Date.now()}`;
    const ids = await seedCalls(agent, 3);
    const jsonl = await api("GET", `/api/v1/transcripts?agent_id=${agent}&format=jsonl`);
    const lines = jsonl.buffer
      .toString("utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    for (const line of lines) expect(exportedTranscriptSchema.safeParse(line).error).toBeUndefined();
    expect(lines.map((l) => l.call_id).sort()).toEqual([...ids].sort());
    expect(lines[0].turns).toHaveLength(5);
    const csv = await api("GET", `/api/v1/transcripts?agent_id=${agent}&format=csv&include=events`);
    const rows = parse(csv.buffer.toString("utf8"), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3 * 5 + 1);
    expect(new Set(rows.map((r) => r.call_id))).toEqual(new Set(ids));
  });

  it("runs as a real process: list, get, export, bulk export, keys, webhook test, exit codes", async () => {
    const agent = `agent_cli_${Date.now()}`;
    const ids = await seedCalls(agent, 2);
    const list = await cli(["calls", "list", "--agent", agent, "--json"]);
    expect(list.code).toBe(0);
    expect(
      JSON.parse(list.stdout)
        .data.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual([...ids].sort());
    const table = await cli(["calls", "list", "--agent", agent]);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+STARTED\s+AGENT/);

    const vtt = await cli(["transcript", "export", ids[0], "--format", "vtt"]);
    expect(vtt.stdout.startsWith(`WEBVTT - ${ids[0]}`)).toBe(true);

    const dir = mkdtempSync(path.join(os.tmpdir(), "cli-export-"));
    const bulk = await cli(["transcripts", "export", "--agent", agent, "--format", "jsonl", "--out", dir]);
    expect(bulk.code).toBe(0);
    const [file] = readdirSync(dir);
    expect(readFileSync(path.join(dir, file), "utf8").trim().split("\n")).toHaveLength(2);
    expect(bulk.stderr).toContain("Wrote 2 calls");

    const created = await cli(["keys", "create", "--label", "from-cli", "--role", "member"]);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect((await cli(["calls", "list", "--limit", "1"], { CALLSCOPE_API_KEY: key })).code).toBe(0);
    const keys = JSON.parse((await cli(["keys", "list", "--json"])).stdout) as { id: string; label: string }[];
    const id = keys.find((k) => k.label === "from-cli")!.id;
    expect((await cli(["keys", "revoke", id])).code).toBe(0);
    const revoked = await cli(["calls", "list"], { CALLSCOPE_API_KEY: key });
    expect(revoked.code).toBe(3);
    expect(revoked.stderr).toContain("Not allowed");

    const missing = await cli(["calls", "get", "MZdoesnotexist"]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain("No call with id");
    const usage = await cli(["transcript", "export", ids[0], "--format", "docx"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("docx");

    const good = await cli(["webhook", "test", `${baseUrl()}/api/webhooks/cartesia`, "--secret", "whsec_test_0123456789abcdefghijklmnop"]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^200 OK/);
    const bad = await cli(["webhook", "test", `${baseUrl()}/api/webhooks/cartesia`, "--secret", "nope"]);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toMatch(/^401/);
  });
});
