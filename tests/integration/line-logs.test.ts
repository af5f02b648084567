// Logging statements as Line agents write them, through the telemetry API:
// the samples made with the real loguru package (committed as fixtures, and
// made again here when a Python with loguru is on the machine).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { query } from "../support/db";
import { FIXTURES } from "../support/fixtures";
import { api, newCallId } from "../support/http";

const SCRIPT = path.resolve(import.meta.dirname, "../../integrations/line/samples/make_samples.py");
const LEVELS = ["trace", "debug", "info", "success", "warning", "error", "critical", "tool", "info", "error", "info"];

const logs = (callId: string, body: string, type = "text/plain") => api("POST", `/api/v1/calls/${callId}/logs`, { body, type });

async function stored(callId: string) {
  return query("select level, message, code_location, metadata, wall_time from call_events where call_id = $1 and kind = 'log' order by id", [callId]);
}

/** The first Python on this machine that has loguru: `python3` on the path, else Debian's. */
function pythonWithLoguru(): { python: string | null; found: string[] } {
  const found: string[] = [];
  for (const python of ["python3", "/usr/bin/python3"]) {
    const probe = spawnSync(python, ["-c", "import loguru"], { encoding: "utf8" });
    if (probe.error) continue;
    found.push(python);
    if (probe.status === 0) return { python, found };
  }
  return { python: null, found };
}

describe("the text/plain logs of a Line agent", () => {
  it("stores loguru's coloured lines as records with level, source and time, a traceback as one record", async () => {
    const id = newCallId();
    const res = await logs(id, readFileSync(path.join(FIXTURES, "line-logs", "loguru-colour.log"), "utf8"));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accepted: 11, stored: 11, failed: [] });
    const rows = await stored(id);
    expect(rows.map((r) => r.level)).toEqual(LEVELS);
    expect(rows.every((r) => /^__main__:agent_turns:\d+$/.test(r.code_location))).toBe(true);
    expect(rows.every((r) => !r.message.includes("\x1b"))).toBe(true);
    expect(rows[9].message).toMatch(
      /^exception: could not split the bill\nTraceback \(most recent call last\):\n[\s\S]*\nZeroDivisionError: division by zero$/,
    );
    // The read API and the console's data carry the source as a field of its own.
    const call = await api("GET", `/api/v1/calls/${id}`);
    const log = call.json.events.find((e: { type: string; level: string }) => e.type === "log" && e.level === "success");
    expect(log).toMatchObject({
      source: "telemetry",
      code_location: expect.stringMatching(/^__main__:agent_turns:\d+$/),
      message: "success: order 1042 placed",
    });
  });

  it("keeps loguru's serialized `extra` as metadata, and the exception's type and value", async () => {
    const id = newCallId();
    await logs(id, readFileSync(path.join(FIXTURES, "line-logs", "loguru-json.log"), "utf8"));
    const rows = await stored(id);
    expect(rows.map((r) => r.level)).toEqual(LEVELS);
    expect(rows[0].metadata).toEqual({ call_id: "MZsample", turn: 3 });
    expect(rows[9].metadata).toEqual({ call_id: "MZsample", turn: 3, exception: { type: "ZeroDivisionError", value: "division by zero" } });
  });

  it("groups a traceback that arrives in the strings of Cartesia's JSON logs object, and keeps plain lines one by one", async () => {
    const id = newCallId();
    const lines = readFileSync(path.join(FIXTURES, "line-logs", "logging-default.log"), "utf8")
      .trimEnd()
      .split("\n");
    const res = await logs(id, JSON.stringify({ call_id: id, logs: ["booting", "ready", ...lines] }), "application/json");
    expect(res.json).toMatchObject({ accepted: 9, stored: 9 });
    const rows = await stored(id);
    expect(rows.map((r) => r.level)).toEqual([null, null, "debug", "info", "warning", "error", "critical", "error", "info"]);
    expect(rows[7].message.split("\n").at(-1)).toBe("ZeroDivisionError: division by zero");
    expect(rows[2].code_location).toBe("line.voice_agent_app");
  });

  it("accepts the log items a loguru sink sends: RFC 3339 time with a zone, source and extra", async () => {
    const id = newCallId();
    const item = {
      type: "log",
      level: "INFO",
      message: '<- 🤖🗣️ Agent said: "Hello"',
      timestamp: "2026-12-04T12:00:00.123456+01:00",
      source: "line.voice_agent_app:_start_agent_task:312",
      extra: { turn: 2, nested: { a: [1, 2] } },
      id: "log-1",
    };
    const res = await api("POST", `/api/v1/calls/${id}/events`, { body: JSON.stringify([item, item]), type: "application/json" });
    expect(res.json).toMatchObject({ received: 2, accepted: 2, stored: 1, duplicates: 1, failed: [] });
    expect(await query("select level, message, code_location, metadata, wall_time, extra from call_events where call_id = $1", [id])).toEqual([
      {
        level: "INFO",
        message: item.message,
        code_location: item.source,
        metadata: item.extra,
        wall_time: new Date("2026-12-04T11:00:00.123Z"),
        extra: null,
      },
    ]);
    const bad = await api("POST", `/api/v1/calls/${id}/events`, {
      body: JSON.stringify({ ...item, id: "log-2", extra: "not an object" }),
      type: "application/json",
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json.error.details)).toContain("extra");
  });
});

describe("samples made live with the real loguru", () => {
  const { python, found } = pythonWithLoguru();
  if (!found.length) console.log("Skipped: no Python on this machine (neither python3 on the path nor /usr/bin/python3), so no live loguru samples.");

  it.skipIf(!found.length)("runs integrations/line/samples/make_samples.py and stores every level, source and traceback it prints", async () => {
    expect(python, `a Python was found (${found.join(", ")}) but none can import loguru: install python3-loguru (.ci/run does)`).not.toBeNull();
    const out = mkdtempSync(path.join(os.tmpdir(), "line-logs-"));
    const run = spawnSync(python!, [SCRIPT, out], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
    expect(run.status, run.stderr).toBe(0);
    for (const name of ["loguru-default.log", "loguru-colour.log", "loguru-json.log"]) {
      const id = newCallId();
      const text = readFileSync(path.join(out, name), "utf8");
      expect((await logs(id, text)).json).toMatchObject({ accepted: 11, stored: 11 });
      const rows = await stored(id);
      expect(rows.map((r) => r.level)).toEqual(LEVELS);
      expect(rows.every((r) => /^__main__:agent_turns:\d+$/.test(r.code_location))).toBe(true);
      expect(rows[9].message).toContain("Traceback (most recent call last):");
      expect(rows[9].message.split("\n").at(-1)).toBe("ZeroDivisionError: division by zero");
      // Local time written without a zone (TZ=UTC), read in UTC: within the last minutes.
      const at = (rows[0].wall_time as Date).getTime();
      expect(Math.abs(Date.now() - at)).toBeLessThan(10 * 60_000);
    }
    const id = newCallId();
    await logs(id, readFileSync(path.join(out, "logging-asctime.log"), "utf8"));
    expect((await stored(id)).map((r) => r.level)).toEqual(Array(3).fill(["debug", "info", "warning", "error", "critical", "error", "info"]).flat());
  });
});
