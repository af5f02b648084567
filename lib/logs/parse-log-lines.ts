// Logging statements as Line agents really write them, read into records
// with a level, a time and a source (`module:function:line`):
// - loguru's default format (`2026-12-04 12:00:00.123 | INFO     | mod:fn:12 - …`), with or without ANSI colours,
//   any level name (TRACE … CRITICAL, and custom levels);
// - loguru's `serialize=True` JSON lines (`{"text", "record": {time, level, name, function, line, exception, extra}}`);
// - Python logging's default (`LEVEL:name:message`) and basicConfig formats with asctime;
// - anything else as a plain line.
// A line without a header of its own that follows a record (a traceback, the rest of a multi-line message)
// belongs to that record: the grouper joins them, in order, into one multi-line record, also across the
// batches a streaming reader feeds it. Pure: no I/O, no clock.
import { wallTimeToUtc } from "./time-zone";

export type LogFormat = "loguru" | "loguru-json" | "logging" | "plain";

export type LogRecord = {
  /** lower case: trace, debug, info, success, warning, error, critical, or a custom level's name */
  level: string | null;
  /** the message, with any continuation lines (a traceback) after a newline */
  message: string;
  /** ISO 8601 in UTC, or null when the line carries no time */
  wallTime: string | null;
  /** where the statement is in the code: `module:function:line` (loguru), or the logger's name (logging) */
  source: string | null;
  /** loguru's `extra` (bound values), and the exception's type and value, when the line carried them */
  extra: Record<string, unknown> | null;
  format: LogFormat;
  /** in a grouper's output: the index (from 0) of the line that began the record, among the lines fed */
  line?: number;
};

export type ParseOptions = {
  /** the IANA zone of times written without one (LOG_TIMEZONE); UTC when not given */
  timeZone?: string;
  /** a record grows by continuation lines up to this many characters; longer ones start a new record */
  maxChars?: number;
};

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const TIME = String.raw`(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)`;
/** loguru's default: `{time:YYYY-MM-DD HH:mm:ss.SSS} | {level: <8} | {name}:{function}:{line} - {message}` */
const LOGURU = new RegExp(String.raw`^${TIME} \| ([^|]*?) *\| ([^\s:]+):([^\s:]*):(\d+) - ?(.*)$`, "s");
/** Python logging's level names, with the spellings other libraries add */
const PY_LEVELS = "TRACE|DEBUG|INFO|SUCCESS|NOTICE|WARNING|WARN|ERROR|CRITICAL|FATAL|EXCEPTION";
/** `%(levelname)s:%(name)s:%(message)s`, logging's BASIC_FORMAT */
const LOGGING_DEFAULT = new RegExp(String.raw`^(${PY_LEVELS}):([^\s:]*):(.*)$`, "s");
/** after an asctime: `LEVEL:name:msg`, `- name - LEVEL - msg`, `[LEVEL] msg`, `| LEVEL | msg`, `LEVEL msg`, `LEVEL - msg` */
const AFTER_TIME: RegExp[] = [
  new RegExp(String.raw`^(${PY_LEVELS}):([^\s:]*):(.*)$`, "s"),
  new RegExp(String.raw`^-?\s*([\w.<>-]+) - (${PY_LEVELS}) - (.*)$`, "s"),
  new RegExp(String.raw`^[[|]?\s*(${PY_LEVELS})\s*[\]|]?\s*(?:[-:]\s+)?(.*)$`, "s"),
];
const ASCTIME = new RegExp(String.raw`^${TIME}\s+(.*)$`, "s");

const LEVEL_NAMES: Record<string, string> = { warn: "warning", fatal: "critical", exception: "error" };

function level(name: string): string | null {
  const clean = name.trim().toLowerCase();
  if (!clean) return null;
  return LEVEL_NAMES[clean] ?? clean;
}

function time(text: string, zone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac = "", offset] = match;
  const ms = Number(frac.padEnd(3, "0").slice(0, 3));
  const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms] as const;
  let date: Date;
  if (offset) {
    const utc = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], fields[6]);
    const sign = offset === "Z" ? 0 : offset[0] === "-" ? -1 : 1;
    const digits = offset.replace(":", "");
    const minutes = sign === 0 ? 0 : sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
    date = new Date(utc - minutes * 60_000);
  } else date = wallTimeToUtc(fields, zone);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function objectOrNull(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length ? (value as Record<string, unknown>) : null;
}

/** The part of loguru's serialized record that is read. */
type LoguruRecord = {
  message?: unknown;
  time?: { timestamp?: unknown };
  level?: { name?: unknown };
  name?: unknown;
  function?: unknown;
  line?: unknown;
  exception?: unknown;
  extra?: unknown;
};

/** One of loguru's serialize=True lines, or null when the line is not one. */
function loguruJson(line: string): LogRecord | null {
  if (!line.startsWith("{") || !line.includes('"record"')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  const { text, record } = (parsed ?? {}) as { text?: unknown; record?: LoguruRecord };
  if (!record || typeof record !== "object" || typeof record.message !== "string") return null;
  const seconds = Number(record.time?.timestamp);
  const wallTime = Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)).toISOString() : null;
  let message = record.message;
  // With an exception, `text` carries the traceback after the message: keep it.
  if (record.exception && typeof text === "string") {
    const at = text.indexOf(record.message);
    if (at >= 0) message = text.slice(at).replace(ANSI, "").trimEnd();
  }
  const name = typeof record.name === "string" ? record.name : null;
  const source = name !== null || record.function ? `${name ?? ""}:${record.function ?? ""}:${record.line ?? ""}` : null;
  const exception = objectOrNull(record.exception);
  const extra = objectOrNull(record.extra);
  return {
    level: typeof record.level?.name === "string" ? level(record.level.name) : null,
    message,
    wallTime,
    source,
    extra: extra || exception ? { ...(extra ?? {}), ...(exception ? { exception: { type: exception.type, value: exception.value } } : {}) } : null,
    format: "loguru-json",
  };
}

/** One line read on its own: a record's header, or null for a line without one (plain, or a continuation). */
export function parseLogHeader(raw: string, options: ParseOptions = {}): LogRecord | null {
  const zone = options.timeZone ?? "UTC";
  const json = loguruJson(raw.trim());
  if (json) return json;
  const line = raw.replace(ANSI, "");
  let m = LOGURU.exec(line);
  if (m) return { level: level(m[2]), message: m[6], wallTime: time(m[1], zone), source: `${m[3]}:${m[4]}:${m[5]}`, extra: null, format: "loguru" };
  m = LOGGING_DEFAULT.exec(line);
  if (m) return { level: level(m[1]), message: m[3], wallTime: null, source: m[2] || null, extra: null, format: "logging" };
  m = ASCTIME.exec(line);
  if (m) {
    const wallTime = time(m[1], zone);
    const rest = m[2];
    let r = AFTER_TIME[0].exec(rest);
    if (r) return { level: level(r[1]), message: r[3], wallTime, source: r[2] || null, extra: null, format: "logging" };
    r = AFTER_TIME[1].exec(rest);
    if (r) return { level: level(r[2]), message: r[3], wallTime, source: r[1], extra: null, format: "logging" };
    r = AFTER_TIME[2].exec(rest);
    if (r) return { level: level(r[1]), message: r[2], wallTime, source: null, extra: null, format: "logging" };
    return { level: null, message: rest, wallTime, source: null, extra: null, format: "logging" };
  }
  return null;
}

function plain(line: string): LogRecord {
  return { level: null, message: line.replace(ANSI, ""), wallTime: null, source: null, extra: null, format: "plain" };
}

/**
 * Feeds lines in, gets whole records out. A record is given out once the
 * next header (or `end()`) shows it is complete, so a traceback split across
 * two batches still ends up in one record. Keeps at most one record in hand.
 */
export function createLogGrouper(options: ParseOptions = {}) {
  const maxChars = options.maxChars ?? 100_000;
  let open: LogRecord | null = null;
  /** blank lines seen after the open record: kept only if more of it follows */
  let blanks = 0;
  let index = -1;

  function push(line: string): LogRecord[] {
    const out: LogRecord[] = [];
    index++;
    const stripped = line.replace(/\r$/, "");
    if (!stripped.trim()) {
      if (open && open.format !== "plain" && open.format !== "loguru-json") blanks++;
      return out;
    }
    const header = parseLogHeader(stripped, options);
    if (header) {
      if (open) out.push(open);
      open = { ...header, line: index };
      blanks = 0;
      return out;
    }
    const text = stripped.replace(ANSI, "");
    // A line without a header continues the record above it, unless that record is a plain line or JSON.
    if (open && open.format !== "plain" && open.format !== "loguru-json" && open.message.length + text.length + blanks + 1 <= maxChars) {
      open.message += "\n".repeat(blanks + 1) + text;
      blanks = 0;
      return out;
    }
    if (open) out.push(open);
    open = { ...plain(text), line: index };
    blanks = 0;
    return out;
  }

  return {
    /** one line (without its line break); returns the records it completed */
    push,
    /** several lines; returns the records they completed */
    pushAll(lines: Iterable<string>): LogRecord[] {
      const out: LogRecord[] = [];
      for (const line of lines) out.push(...push(line));
      return out;
    },
    /** the last record, at the end of the input */
    end(): LogRecord[] {
      const last = open;
      open = null;
      blanks = 0;
      return last ? [last] : [];
    },
  };
}

/** All records of some lines (or of a text, split at its line breaks). */
export function parseLogLines(input: string | Iterable<string>, options: ParseOptions = {}): LogRecord[] {
  const grouper = createLogGrouper(options);
  const lines = typeof input === "string" ? input.split("\n") : input;
  return [...grouper.pushAll(lines), ...grouper.end()];
}

/** One line on its own, as a record (plain when it has no header). */
export function parseLogLine(line: string, options: ParseOptions = {}): LogRecord {
  return parseLogHeader(line.replace(/\r$/, ""), options) ?? plain(line);
}
