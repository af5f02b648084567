import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLogGrouper, parseLogLine, parseLogLines, type LogRecord } from "@/lib/logs/parse-log-lines";
import { LEVEL_FILTERS, severity } from "@/lib/logs/log-levels";
import { wallTimeToUtc } from "@/lib/logs/time-zone";
import { parseEnv } from "@/lib/env";
import { FIXTURES } from "../support/fixtures";

const sample = (name: string) => readFileSync(path.join(FIXTURES, "line-logs", name), "utf8");
const LOGURU_LEVELS = ["trace", "debug", "info", "success", "warning", "error", "critical", "tool", "info", "error", "info"];

/** What every loguru file of the samples says, whatever its shape. */
export function expectLoguruSamples(records: LogRecord[]) {
  expect(records.map((r) => r.level)).toEqual(LOGURU_LEVELS);
  expect(records[2].message).toBe('<- 🤖🗣️ Agent said: "Hello, Marco\'s Pizzeria"');
  expect(records[7].message).toBe("custom: lookup_menu(item='margherita')");
  expect(records[8].message).toBe("two lines:\nsecond line of the same message");
  for (const r of records) {
    expect(r.source).toMatch(/^__main__:agent_turns:\d+$/);
    expect(r.wallTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(r.message).not.toMatch(/\x1b/);
  }
  // Lines follow each other in the source: the line numbers say so.
  const lines = records.map((r) => Number(r.source!.split(":")[2]));
  expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  // logger.exception: the message, then the whole traceback in order, as one record.
  const exception = records[9].message.split("\n");
  expect(exception[0]).toBe("exception: could not split the bill");
  expect(exception[1]).toBe("Traceback (most recent call last):");
  expect(exception.some((l) => l.startsWith("> File"))).toBe(true);
  expect(exception.findIndex((l) => l.includes("in agent_turns"))).toBeLessThan(exception.findIndex((l) => l.includes("in divide")));
  expect(exception.at(-1)).toBe("ZeroDivisionError: division by zero");
  expect(records[10].message).toBe("after the traceback");
}

describe("loguru's default format", () => {
  it("reads every level, a custom level, the source and the time of each line, and a logger.exception traceback as one record", () => {
    const records = parseLogLines(sample("loguru-default.log"));
    expectLoguruSamples(records);
    expect(records.every((r) => r.format === "loguru" && r.extra === null)).toBe(true);
  });

  it("reads the same with ANSI colour codes, and keeps none of them", () => {
    const plain = parseLogLines(sample("loguru-default.log"));
    const colour = parseLogLines(sample("loguru-colour.log"));
    expectLoguruSamples(colour);
    // The traceback's lines are the same, coloured or not (loguru colours the values, not the words).
    expect(colour[9].message.split("\n").length).toBe(plain[9].message.split("\n").length);
  });

  it("reads the line the issue quotes, in the operator's zone", () => {
    const line = '2026-12-04 12:00:00.123 | INFO     | line.voice_agent_app:_start_agent_task:312 - <- 🤖🗣️ Agent said: "Hello"';
    expect(parseLogLine(line)).toMatchObject({
      level: "info",
      message: '<- 🤖🗣️ Agent said: "Hello"',
      wallTime: "2026-12-04T12:00:00.123Z",
      source: "line.voice_agent_app:_start_agent_task:312",
      format: "loguru",
    });
    expect(parseLogLine(line, { timeZone: "America/New_York" }).wallTime).toBe("2026-12-04T17:00:00.123Z");
    expect(parseLogLine(line, { timeZone: "Asia/Kolkata" }).wallTime).toBe("2026-12-04T06:30:00.123Z");
  });

  it("reads custom level names with spaces, <module> functions, and an empty message", () => {
    expect(parseLogLine("2026-12-04 12:00:00.000 | AUDIT TRAIL | app:<module>:7 - saved")).toMatchObject({
      level: "audit trail",
      source: "app:<module>:7",
      message: "saved",
    });
    expect(parseLogLine("2026-12-04 12:00:00.000 | INFO     | app:main:7 - ")).toMatchObject({ level: "info", message: "" });
  });
});

describe("loguru's serialize=True JSON lines", () => {
  it("reads level, time (from the timestamp), source and message, and keeps extra and the exception as metadata", () => {
    const records = parseLogLines(sample("loguru-json.log"));
    expectLoguruSamples(records);
    const firstLine = JSON.parse(sample("loguru-json.log").split("\n")[0]);
    expect(records[0].wallTime).toBe(new Date(Math.round(firstLine.record.time.timestamp * 1000)).toISOString());
    expect(records[0].extra).toEqual({ call_id: "MZsample", turn: 3 });
    expect(records[9].extra).toEqual({ call_id: "MZsample", turn: 3, exception: { type: "ZeroDivisionError", value: "division by zero" } });
    expect(records.every((r) => r.format === "loguru-json")).toBe(true);
  });

  it("does not take a JSON line that is not loguru's for one, nor join lines to a JSON record", () => {
    const records = parseLogLines(['{"record": {"message": "ok", "level": {"name": "WARNING"}}}', "  indented after JSON", '{"hello": 1}']);
    expect(records.map((r) => [r.format, r.level, r.message])).toEqual([
      ["loguru-json", "warning", "ok"],
      ["plain", null, "  indented after JSON"],
      ["plain", null, '{"hello": 1}'],
    ]);
  });
});

describe("Python's logging", () => {
  it("reads the default format (LEVEL:name:message), with the logger's name as the source, and its traceback as one record", () => {
    const records = parseLogLines(sample("logging-default.log"));
    expect(records.map((r) => r.level)).toEqual(["debug", "info", "warning", "error", "critical", "error", "info"]);
    expect(records.every((r) => r.source === "line.voice_agent_app" && r.wallTime === null)).toBe(true);
    const traceback = records[5].message.split("\n");
    expect(traceback[0]).toBe("exception: could not split the bill");
    expect(traceback[1]).toBe("Traceback (most recent call last):");
    expect(traceback.at(-1)).toBe("ZeroDivisionError: division by zero");
    expect(records[6].message).toBe("after the traceback");
  });

  it("reads basicConfig formats with asctime: `%(asctime)s %(levelname)s`, `… %(levelname)s:%(name)s:`, `… - %(name)s - %(levelname)s - `", () => {
    const records = parseLogLines(sample("logging-asctime.log"));
    expect(records).toHaveLength(21);
    const levels = ["debug", "info", "warning", "error", "critical", "error", "info"];
    expect(records.map((r) => r.level)).toEqual([...levels, ...levels, ...levels]);
    expect(records.slice(0, 7).every((r) => r.source === null)).toBe(true);
    expect(records.slice(7).every((r) => r.source === "line.voice_agent_app")).toBe(true);
    for (const r of records) expect(r.wallTime).toMatch(/Z$/);
    for (const i of [5, 12, 19]) expect(records[i].message.split("\n").at(-1)).toBe("ZeroDivisionError: division by zero");
    expect(records[2].message).toBe("warning: calendar API slow: 412 ms");
  });

  it("reads the README's example line, [LEVEL] and | LEVEL | forms, and times with a zone as written", () => {
    expect(parseLogLine("2025-06-26 10:01:07,815 WARNING calendar API slow: 412 ms")).toMatchObject({
      level: "warning",
      wallTime: "2025-06-26T10:01:07.815Z",
      message: "calendar API slow: 412 ms",
    });
    expect(parseLogLine("2025-06-26 10:01:07,815 [ERROR] boom").level).toBe("error");
    expect(parseLogLine("2025-06-26T10:01:07.815+02:00 | WARN | slow", { timeZone: "America/New_York" })).toMatchObject({
      level: "warning",
      wallTime: "2025-06-26T08:01:07.815Z",
      message: "slow",
    });
    expect(parseLogLine("2025-06-26 10:01:07,815 FATAL gone").level).toBe("critical");
  });
});

describe("plain lines and continuation lines", () => {
  it("keeps plain lines one record each, as before, with no level and no time", () => {
    expect(parseLogLines("plain line\nanother one\n\n")).toEqual([
      { level: null, message: "plain line", wallTime: null, source: null, extra: null, format: "plain", line: 0 },
      { level: null, message: "another one", wallTime: null, source: null, extra: null, format: "plain", line: 1 },
    ]);
  });

  it("joins what follows a record until the next header, blank lines inside kept, trailing ones dropped", () => {
    const records = parseLogLines([
      "2026-12-04 12:00:00.000 | ERROR    | app:main:1 - failed",
      "Traceback (most recent call last):",
      "",
      '  File "a.py", line 1, in <module>',
      "",
      "",
      "2026-12-04 12:00:01.000 | INFO     | app:main:2 - next",
    ]);
    expect(records.map((r) => r.message)).toEqual(['failed\nTraceback (most recent call last):\n\n  File "a.py", line 1, in <module>', "next"]);
    expect(records.map((r) => r.line)).toEqual([0, 6]);
  });

  it("groups across batches: a traceback split over two feeds is still one record, given out once complete", () => {
    const lines = sample("loguru-default.log").split("\n");
    const whole = parseLogLines(lines);
    const grouper = createLogGrouper();
    const out: LogRecord[] = [];
    for (let i = 0; i < lines.length; i += 7) out.push(...grouper.pushAll(lines.slice(i, i + 7)));
    out.push(...grouper.end());
    expect(out).toEqual(whole);
    // The exception record is not given out before the line after its traceback arrives.
    const g = createLogGrouper();
    const start = lines.findIndex((l) => l.includes("exception: could not split"));
    expect(g.pushAll(lines.slice(0, start + 3)).at(-1)?.message).toBe("two lines:\nsecond line of the same message");
    expect(g.end()[0].message.startsWith("exception: could not split the bill\nTraceback")).toBe(true);
  });

  it("caps a record's size: past maxChars, continuation lines start records of their own", () => {
    const records = parseLogLines(["2026-12-04 12:00:00.000 | INFO | a:b:1 - x", "y".repeat(30), "z".repeat(30)], { maxChars: 40 });
    expect(records.map((r) => r.message)).toEqual([`x\n${"y".repeat(30)}`, "z".repeat(30)]);
  });
});

describe("levels and zones", () => {
  it("orders loguru's levels, counts custom levels as info, and filters by a minimum", () => {
    expect(["trace", "debug", "info", "success", "warning", "error", "critical"].map(severity)).toEqual([5, 10, 20, 25, 30, 40, 50]);
    expect(severity("tool")).toBe(20);
    expect(severity(null)).toBe(20);
    const warningUp = LEVEL_FILTERS.find((f) => f.label === "warning and above")!.min;
    const levels = parseLogLines(sample("loguru-default.log")).map((r) => r.level);
    expect(levels.filter((l) => severity(l) >= warningUp)).toEqual(["warning", "error", "critical", "error"]);
  });

  it("reads wall times across daylight-saving changes: a skipped time with the offset before, a repeated one as the first", () => {
    expect(wallTimeToUtc([2026, 3, 29, 2, 30, 0, 0], "Europe/Berlin").toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(wallTimeToUtc([2026, 10, 25, 2, 30, 0, 0], "Europe/Berlin").toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(wallTimeToUtc([2026, 7, 1, 12, 0, 0, 0], "Europe/Berlin").toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(wallTimeToUtc([2026, 12, 4, 12, 0, 0, 0], "UTC").toISOString()).toBe("2026-12-04T12:00:00.000Z");
  });

  it("takes LOG_TIMEZONE as an IANA zone, UTC by default, and refuses anything else by name", () => {
    expect(parseEnv({}).LOG_TIMEZONE).toBe("UTC");
    expect(parseEnv({ LOG_TIMEZONE: "Europe/Berlin" }).LOG_TIMEZONE).toBe("Europe/Berlin");
    for (const bad of ["Mars/Olympus_Mons", "+02:00", "CET-1CEST"])
      expect(() => parseEnv({ LOG_TIMEZONE: bad })).toThrow(/LOG_TIMEZONE: must be an IANA time zone/);
    expect(parseEnv({}).CARTESIA_TIMEOUT_S).toBe(60);
    expect(() => parseEnv({ CARTESIA_TIMEOUT_S: "0" })).toThrow(/CARTESIA_TIMEOUT_S/);
  });
});
