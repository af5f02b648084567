// A call's transcript in the formats people take elsewhere: JSON with every
// turn-level field, CSV for spreadsheets, WebVTT and SRT for players and
// subtitle tools, and plain text. Pure functions, so each format is tested
// on its own.
import { eventContentJson, turnJson } from "@/lib/calls/call-json";
import type { TranscriptFormat } from "./export-formats";
import type { ExportedTranscript } from "./transcript-json-schema";
import type { CallDetail, EventView, ToolCallView, TurnView } from "@/lib/calls/get-call";

/** 3725.5 → "01:02:05.500" (WebVTT) or "01:02:05,500" (SRT). */
export function clock(seconds: number, separator: "." | ","): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(rest, 3)}`;
}

/** A cue needs an end after its start: a turn without one lasts until the next turn, at most 5 s. */
function cueEnd(turns: TurnView[], i: number): number {
  const turn = turns[i];
  const next = turns[i + 1]?.startS;
  const end = turn.endS ?? Math.min(turn.startS + 5, next ?? turn.startS + 5);
  return Math.max(end, turn.startS + 0.001);
}

const speaker = (role: string) => (role === "assistant" ? "Agent" : role === "user" ? "User" : role);
const oneLine = (text: string | null) => (text ?? "").replace(/\r?\n+/g, " ").trim();

/** WebVTT cue text: &, < and > as character references, as the W3C cue-text grammar requires (which also keeps "-->" out). */
const vttText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function toVtt(call: Pick<CallDetail, "id">, turns: TurnView[]): string {
  const cues = turns.map(
    (t, i) => `${i + 1}\n${clock(t.startS, ".")} --> ${clock(cueEnd(turns, i), ".")}\n<v ${vttText(speaker(t.role))}>${vttText(oneLine(t.text))}`,
  );
  return `WEBVTT - ${call.id}\n\n${cues.join("\n\n")}${cues.length ? "\n" : ""}`;
}

export function toSrt(turns: TurnView[]): string {
  return turns.map((t, i) => `${i + 1}\n${clock(t.startS, ",")} --> ${clock(cueEnd(turns, i), ",")}\n${speaker(t.role)}: ${oneLine(t.text)}\n`).join("\n");
}

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (it starts with
 * =, +, -, @, a tab or a carriage return) gets a leading apostrophe, as OWASP
 * advises; numbers are written as numbers.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** What an export can add to the turns: the events on the same timeline, and the causes of each call (comma-separated in `include`). */
export const EXPORT_INCLUDES = ["events", "causes"] as const;
export type ExportIncludes = { events: boolean; causes: boolean };

/** The `include` parameter read, or the error to answer. */
export function parseIncludes(value: string | null): ExportIncludes | string {
  const asked = value === null || value === "" ? [] : value.split(",").map((v) => v.trim());
  const unknown = asked.filter((v) => !(EXPORT_INCLUDES as readonly string[]).includes(v));
  if (unknown.length)
    return `include takes ${EXPORT_INCLUDES.join(" and ")}, comma-separated (not ${unknown.map((u) => JSON.stringify(u.slice(0, 40))).join(", ")}).`;
  return { events: asked.includes("events"), causes: asked.includes("causes") };
}

/** A cause of a call, as exports name it (its page is /problems/{id}). */
export type ExportedCause = { id: string; kind: string; title: string };

export const CSV_COLUMNS = [
  "call_id",
  "kind",
  "index",
  "role",
  "start_s",
  "end_s",
  "text",
  "tts_ttfb",
  "stt_ttfb",
  "was_interrupted",
  "name",
  "level",
  "value",
] as const;

export function csvRow(values: unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** A tool call's arguments and result, as one value. */
const toolCallValue = (tc: ToolCallView) => ({ ...(tc.toolCallId ? { id: tc.toolCallId } : {}), arguments: tc.arguments, result: tc.result });

/**
 * The rows of one call for CSV: its turns with their tool calls, and with
 * `events` its events, in time order. A call with nothing to list (still in
 * progress, or failed before anyone spoke) is one row of kind `call`, so every
 * call of an export appears in it.
 */
export function csvRows(callId: string, turns: TurnView[], events: EventView[] | null, causes?: ExportedCause[]): string {
  const rows: [number, string][] = turns.flatMap((t, i): [number, string][] => [
    [t.startS, csvRow([callId, "turn", i, t.role, t.startS, t.endS, t.text, t.ttsTtfb, t.sttTtfb, t.wasInterrupted, null, null, null])],
    ...t.toolCalls.map((tc): [number, string] => [
      t.startS,
      csvRow([callId, "tool_call", i, t.role, t.endS ?? t.startS, null, null, null, null, null, tc.name, null, toolCallValue(tc)]),
    ]),
  ]);
  for (const e of events ?? []) {
    rows.push([
      e.atS ?? Number.MAX_VALUE,
      csvRow([callId, e.kind, null, null, e.atS, null, e.message, null, null, null, e.name, e.level, e.kind === "log_metric" ? e.value : e.metadata]),
    ]);
  }
  // A call's causes are about the whole call: after its timeline, the cause's id as the name and its kind as the value.
  for (const c of causes ?? []) rows.push([Number.MAX_VALUE, csvRow([callId, "cause", null, null, null, null, c.title, null, null, null, c.id, null, c.kind])]);
  if (!rows.length) return csvRow([callId, "call", null, null, null, null, null, null, null, null, null, null, null]);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r[0] - b.r[0] || a.i - b.i)
    .map(({ r }) => r[1])
    .join("");
}

export function toCsv(callId: string, turns: TurnView[], events: EventView[] | null, causes?: ExportedCause[]): string {
  return csvRow([...CSV_COLUMNS]) + csvRows(callId, turns, events, causes);
}

export function toTxt(call: Pick<CallDetail, "id" | "agentId" | "startTime">, turns: TurnView[], events: EventView[] | null, causes?: ExportedCause[]): string {
  const lines: [number, string][] = turns.flatMap((t): [number, string][] => [
    [t.startS, `[${clock(t.startS, ".").slice(3)}] ${speaker(t.role)}: ${oneLine(t.text)}`],
    ...t.toolCalls.map((tc): [number, string] => [
      t.startS,
      `[${clock(t.endS ?? t.startS, ".").slice(3)}] (tool_call) ${tc.name}(${oneLine(JSON.stringify(tc.arguments ?? null))})${tc.result === null || tc.result === undefined ? "" : ` → ${oneLine(typeof tc.result === "string" ? tc.result : JSON.stringify(tc.result))}`}`,
    ]),
  ]);
  for (const e of events ?? []) {
    const what =
      e.kind === "log_metric"
        ? `${e.name} = ${JSON.stringify(e.value)}`
        : e.kind === "log"
          ? `${e.level ?? "log"}: ${e.message}`
          : `${e.name}${e.message ? `: ${e.message}` : ""}`;
    lines.push([e.atS ?? Number.MAX_VALUE, `[${e.atS === null ? "--:--.---" : clock(e.atS, ".").slice(3)}] (${e.kind}) ${oneLine(what)}`]);
  }
  const header =
    `Call ${call.id}${call.agentId ? ` · agent ${call.agentId}` : ""}${call.startTime ? ` · ${call.startTime.toISOString()}` : ""}` +
    (causes?.length ? `\nCauses: ${causes.map((c) => `${c.id} (${oneLine(c.title)})`).join("; ")}` : "");
  return `${header}\n\n${lines
    .sort((a, b) => a[0] - b[0])
    .map((l) => l[1])
    .join("\n")}\n`;
}

/** What the JSON formats need of a call: the one call's export and each line of the bulk export. */
export type TranscriptSource = Pick<CallDetail, "id" | "agentId" | "deploymentId" | "status" | "startTime" | "endTime" | "turns" | "conversation"> & {
  events?: EventView[];
};

/** Every turn-level field, and with `events` the events on the same timeline. */
export function toJson(call: TranscriptSource, includeEvents: boolean, causes?: ExportedCause[]): ExportedTranscript {
  return {
    call_id: call.id,
    agent_id: call.agentId,
    deployment_id: call.deploymentId,
    status: call.status,
    start_time: call.startTime?.toISOString() ?? null,
    end_time: call.endTime?.toISOString() ?? null,
    turns: call.turns.map((t, index) => ({ index, ...turnJson(t) })),
    conversation: call.conversation,
    ...(includeEvents
      ? {
          events: (call.events ?? []).map((e) => ({ ...eventContentJson(e), timestamp: e.atS, wall_time: e.wallTime })),
        }
      : {}),
    ...(causes ? { causes } : {}),
  };
}

export function renderTranscript(call: CallDetail, format: TranscriptFormat, includeEvents: boolean, causes?: ExportedCause[]): string {
  const events = includeEvents ? call.events : null;
  switch (format) {
    case "json":
      return JSON.stringify(toJson(call, includeEvents, causes), null, 2);
    case "csv":
      return toCsv(call.id, call.turns, events, causes);
    case "vtt":
      return toVtt(call, call.turns);
    case "srt":
      return toSrt(call.turns);
    case "txt":
      return toTxt(call, call.turns, events, causes);
    default: {
      const exhaustive: never = format;
      return exhaustive;
    }
  }
}
