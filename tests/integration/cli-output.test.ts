// What the CLI prints of a server's strings: a call stored with terminal
// escape sequences in its agent id, summary and transcript, an error message
// that echoes them, and an endpoint's answer to `webhook test`. None of the
// sequences reaches the terminal; the text around them does, and --json keeps
// every value (written as JSON escapes).
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { terminalSafe, terminalSafeStream } from "@/cli/output";
import { adminKey, baseUrl, fixture, newCallId, postWebhook } from "../support/http";

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, "../../bin/callscope.mjs");

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, CALLSCOPE_URL: baseUrl(), CALLSCOPE_API_KEY: adminKey() },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Clear the screen, retitle the window, write the clipboard (OSC 52), a hidden hyperlink, an 8-bit CSI, a carriage return
// that would overwrite the line, a backspace, a device-control string and an application-program command.
const HOSTILE = [
  "\x1b[2J\x1b[H",
  "\x1b]0;owned\x07",
  "\x1b]52;c;cm0gLXJmIH4=\x07",
  "\x1b]8;;https://evil.example\x1b\\",
  "\x9b31m",
  "\r",
  "\b",
  "\x1bP1$r\x1b\\",
  "\x1b_apc\x1b\\",
  "\x9d0;title\x9c",
  "\x1bc",
];
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

function expectClean(output: string) {
  expect(output).not.toMatch(CONTROL);
  expect(output).not.toContain("owned");
  expect(output).not.toContain("cm0gLXJmIH4=");
  expect(output).not.toContain("evil.example");
}

describe("terminalSafe", () => {
  it.each(HOSTILE)("removes %j and keeps the text around it", (sequence) => {
    expect(terminalSafe(`before${sequence}after`)).toBe("beforeafter");
  });

  it("keeps newlines, tabs and every printable character, in any script", () => {
    const plain = "Agent:\tGood evening\nUser: Grüße, 你好 👋 — ok";
    expect(terminalSafe(plain)).toBe(plain);
  });

  it("cleans a stream whose sequences and characters are split across chunks", async () => {
    const bytes = Buffer.from(`a\x1b[31mb 👋 c\x1b]0;owned\x07d\n`);
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(await text(Readable.from(chunks).pipe(terminalSafeStream()))).not.toMatch(CONTROL);
  });
});

describe("the CLI prints a server's strings without their escape sequences", () => {
  const id = newCallId("MZcli");
  const agent = `agent_cli${HOSTILE.join("")}_${Date.now()}`;

  it("in lists, in one call, and in its --json", async () => {
    const seed = fixture("webhooks/call_completed.seed.json");
    const stored = await postWebhook({
      ...seed,
      request_id: id,
      agent_id: agent,
      body: [{ role: "assistant", text: `Hello${HOSTILE.join("")} there`, start_timestamp: 1, end_timestamp: 2 }],
    });
    expect(stored.status).toBe(200);

    const list = await cli(["calls", "list", "--agent", agent]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain("agent_cli_");
    expectClean(list.stdout);

    const one = await cli(["calls", "get", id]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain("Hello there");
    expectClean(one.stdout);

    const json = await cli(["calls", "get", id, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).not.toMatch(CONTROL);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.agent_id).toBe(agent);
    expect(parsed.transcript[0].text).toBe(`Hello${HOSTILE.join("")} there`);
  });

  it("in an error message that echoes what was asked", async () => {
    const missing = await cli(["calls", "get", `MZnone${HOSTILE.join("")}`]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain("callscope:");
    expectClean(missing.stderr);
  });

  it("in an endpoint's answer to webhook test", async () => {
    const server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end(`ok${HOSTILE.join("")}done`));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const answer = await cli(["webhook", "test", url, "--secret", "whsec_cli_test"]);
      expect(answer.code, answer.stderr).toBe(0);
      expect(answer.stdout).toContain("okdone");
      expectClean(answer.stdout);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
