// The Line integration (integrations/line/callscope_line.py) under a real
// Python with the real loguru: a wrapped agent's events, metrics, tool calls
// and logging statements reach the call's timeline; with Callscope
// unreachable the agent's output is unchanged and on time, and drops are
// counted. The agent is built on Line's event classes (tests/python/line_events.py
// follows line/events.py where Line's SDK, which needs pydantic 2, is absent).
import { execFile, execFileSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { CallJson } from "@/lib/calls/call-json";
import { query } from "../support/db";
import { api, baseUrl, newCallId } from "../support/http";

const SCRIPT = path.join(import.meta.dirname, "..", "python", "line_forwarder_check.py");

function runs(python: string, code: string) {
  try {
    execFileSync(python, ["-c", code], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Debian's python3 has python3-loguru; a python3 earlier on the PATH (pyenv) may not. */
function pickPython(): { python: string | null; reason: string } {
  const candidates = ["/usr/bin/python3", "python3", "python"];
  const present = candidates.filter((p) => runs(p, "import sys"));
  if (!present.length) return { python: null, reason: "no Python interpreter (tried /usr/bin/python3, python3, python)" };
  const withLoguru = present.find((p) => runs(p, "import loguru"));
  // Python without loguru is a broken set-up, not a reason to skip: .ci/run installs python3-loguru.
  return { python: withLoguru ?? present[0], reason: "" };
}

const { python, reason } = pickPython();
if (!python) console.log(`Skipping the Line integration tests: ${reason}.`);

async function check(mode: "reachable" | "unreachable", url: string, key: string, callId: string) {
  const { stdout } = await promisify(execFile)(python!, [SCRIPT, mode, url, key, callId], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

async function closedPort() {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!python)("forwarding from a Line agent (integrations/line)", () => {
  let ingestKey: string;
  beforeAll(async () => {
    const created = await api("POST", "/api/v1/keys", { body: JSON.stringify({ label: "line agent", role: "ingest" }), type: "application/json" });
    expect(created.status).toBe(201);
    ingestKey = created.json.key;
  });

  it("puts a wrapped agent's events, metrics, tool calls and logging statements on the call's timeline", async () => {
    const id = newCallId("MZline");
    const result = await check("reachable", baseUrl(), ingestKey, id);
    expect(result.outputs_equal).toBe(true);
    expect(result.output_types).toContain("AgentToolReturned");
    expect(result.stats).toMatchObject({ dropped: 0, rejected: 0, queued: 0 });

    const call = await api("GET", `/api/v1/calls/${id}`);
    expect(call.status).toBe(200);
    const events: CallJson["events"] = call.json.events;
    const started = result.call_started_id;
    const turn = result.user_turn_id;

    const metrics = events.filter((e) => e.type === "log_metric").map((e) => [e.name, e.value, e.responding_to]);
    expect(metrics).toEqual([
      ["greeting_ms", 182.5, started],
      ["first_question", "yes", started],
      ["caller_flags", { vip: true, tags: ["returning"] }, started],
    ]);
    const logEvents = events.filter((e) => e.type === "log_event");
    expect(logEvents.map((e) => [e.name, e.level, e.message])).toEqual([
      ["payment", "error", "card declined"],
      ["note", "info", "no metadata"],
    ]);
    expect(logEvents[0].metadata).toEqual({ level: "error", message: "card declined", metadata: { code: 51, card: { brand: "visa", checks: [1, 2] } } });
    expect(logEvents[1].metadata).toEqual({ level: "info", message: "no metadata", metadata: null });

    expect(events.filter((e) => e.type === "transfer").map((e) => [e.name, e.responding_to])).toEqual([["+15551234567", turn]]);
    expect(events.filter((e) => e.type === "end_call").map((e) => [e.name, e.responding_to])).toEqual([["agent_ended", turn]]);

    // One tool call from its two frames, with its result and the time between them (the tool slept 120 ms).
    expect(call.json.tool_calls).toHaveLength(1);
    const [tool] = call.json.tool_calls;
    expect(tool).toMatchObject({ name: "lookup_order", arguments: { order_id: "A-1043", lines: [1, 2], gift: false }, state: "returned", responding_to: turn });
    expect(JSON.parse(tool.result)).toEqual({ status: "shipped" });
    expect(tool.duration_s).toBeGreaterThanOrEqual(0.1);
    expect(tool.duration_s).toBeLessThan(10);

    // Logging statements through the loguru sink: levels, messages, times with their zone.
    const logs = events.filter((e) => e.type === "log");
    expect(logs.map((e) => [e.level, e.message?.split("\n")[0]])).toEqual([
      ["INFO", "call started"],
      ["WARNING", "order lookup slow"],
      ["DEBUG", "lookup details"],
      ["SUCCESS", "order found"],
      ["ERROR", "tool post-processing failed"],
      ["INFO", "after the call"],
    ]);
    const failure = logs.find((e) => e.level === "ERROR")!;
    expect(failure.message).toContain("Traceback (most recent call last)");
    expect(failure.message).toContain("ZeroDivisionError");
    for (const log of logs) {
      expect(log.wall_time).not.toBeNull();
      expect(Math.abs(Date.parse(log.wall_time!) - Date.now())).toBeLessThan(5 * 60_000);
    }
    // The source and loguru's bound values travel with each statement.
    const [details] = await query("select code_location, metadata from call_events where call_id = $1 and kind = 'log' and message = 'lookup details'", [id]);
    expect(details.code_location).toMatch(/^__main__:process:\d+$/);
    expect(details.metadata).toEqual({ order: "A-1043" });
  }, 90_000);

  it("leaves the agent's output unchanged and on time when Callscope cannot be reached, and counts what it drops", async () => {
    const port = await closedPort();
    const result = await check("unreachable", `http://127.0.0.1:${port}`, ingestKey, newCallId("MZdown"));
    expect(result.outputs_equal).toBe(true);
    expect(result.count).toBe(301);
    // The same 300 events with 2 ms of work between them, best of three runs each side: every output of the
    // wrapped agent arrives within half a second of the unwrapped agent's, and the whole run takes at most
    // half as long again (plus half a second for a busy machine).
    expect(result.max_lag_s).toBeLessThan(0.5);
    expect(result.wrapped_total_s).toBeLessThan(result.plain_total_s * 1.5 + 0.5);
    // The queue holds 50: the rest was dropped, oldest first, and counted.
    expect(result.stats.sent).toBe(0);
    expect(result.stats.failures).toBeGreaterThan(0);
    expect(result.stats.queued).toBeLessThanOrEqual(50);
    expect(result.stats.dropped).toBe(3 * 301 - result.stats.queued);
  }, 90_000);
});
