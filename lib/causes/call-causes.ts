// The causes of one finished call, from what is stored of it: Cartesia's
// error, the agent's error-level logs and events, tool calls that returned an
// error or never returned, a failed transfer, an end reason on the operator's
// "bad" list, and dead air past the threshold. Each cause's id is the hash of
// its fingerprint (kind, tool, and the normalised message or the agent's own
// stack frames), so every instance names a cause alike. Pure.
import { createHash } from "node:crypto";
import { normaliseMessage, readTraceback } from "./normalise-message";

export const CAUSE_KINDS = ["cartesia_error", "agent_error", "tool_error", "transfer_failed", "end_reason", "dead_air", "unexplained_failure"] as const;
export type CauseKind = (typeof CAUSE_KINDS)[number];

export const CAUSE_KIND_LABELS: Record<CauseKind, string> = {
  cartesia_error: "Cartesia error",
  agent_error: "Agent error",
  tool_error: "Tool error",
  transfer_failed: "Transfer failed",
  end_reason: "End reason",
  dead_air: "Dead air",
  unexplained_failure: "Failed, no reason",
};

/** The log levels that count as an error (as the calls list counts them). */
const ERROR_LEVELS = new Set(["error", "critical", "fatal", "exception"]);
/** At most this many causes per call: a call that logs a hundred different errors is one call. */
const MAX_PER_CALL = 20;

export type CauseCall = { status: string; errorMessage: string | null; endReason: string | null };
export type CauseEvent = {
  id: bigint | number | string;
  kind: string;
  name: string | null;
  level: string | null;
  message: string | null;
  value?: unknown;
  metadata?: unknown;
  offsetS: number | null;
};
export type CauseToolCall = { id: bigint | number | string; name: string; result: unknown; state: string | null; offsetS: number | null };
export type CauseConversation = { deadAir: { start: number; end: number }[] } | null;
export type CauseSettings = { badEndReasons: string[]; deadAirS: number };

export type Occurrence = {
  causeId: string;
  kind: CauseKind;
  tool: string | null;
  title: string;
  eventId: string | null;
  toolCallId: string | null;
  offsetS: number | null;
};

export function causeId(kind: CauseKind, tool: string | null, key: string): string {
  return `cause_${createHash("sha256")
    .update(`${kind}\u0000${tool ?? ""}\u0000${key}`)
    .digest("hex")
    .slice(0, 16)}`;
}

/** The title and grouping key of an error text: by exception and own frames when it is a traceback, else by its normalised text. */
function describe(text: string): { title: string; key: string } {
  const traceback = readTraceback(text);
  if (traceback) {
    const where = traceback.frames.at(-1);
    const message = normaliseMessage(traceback.message);
    return {
      title: `${traceback.exception}${message ? `: ${message}` : ""}${where ? ` (in ${where})` : ""}`.slice(0, 240),
      key: `${traceback.exception}|${traceback.frames.join(">")}`,
    };
  }
  const title = normaliseMessage(text) || "(no message)";
  return { title, key: title };
}

const FAILURE_WORDS = /^\s*(?:error|exception|traceback|failed|failure|fatal|timeout|timed out|unavailable)\b/i;

/** The error a tool's result reports, or null when it reads as a success. */
export function toolError(result: unknown): string | null {
  let value = result;
  if (typeof value === "string" && /^\s*[{[]/.test(value)) {
    try {
      value = JSON.parse(value);
    } catch {
      // a string that only looks like JSON
    }
  }
  if (typeof value === "string") return FAILURE_WORDS.test(value) || value.includes("Traceback (most recent call last)") ? value : null;
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const error = record.error ?? record.exception;
    if (typeof error === "string" && error) return error;
    if (error && typeof error === "object") {
      const message = (error as Record<string, unknown>).message;
      return typeof message === "string" && message ? message : JSON.stringify(error).slice(0, 500);
    }
    if (error === true || record.is_error === true || record.isError === true || record.success === false || record.ok === false) {
      const message = record.message ?? record.detail ?? record.reason;
      return typeof message === "string" && message ? message : "the tool reported an error";
    }
  }
  return null;
}

const text = (value: unknown) => (typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value));

export function callCauses(
  call: CauseCall,
  events: CauseEvent[],
  toolCalls: CauseToolCall[],
  conversation: CauseConversation,
  settings: CauseSettings,
): Occurrence[] {
  const found = new Map<string, Occurrence>();
  const add = (kind: CauseKind, tool: string | null, source: string, at: Partial<Pick<Occurrence, "eventId" | "toolCallId" | "offsetS">> = {}) => {
    const { title, key } = describe(source);
    const id = causeId(kind, tool, key);
    if (found.has(id) || found.size >= MAX_PER_CALL) return;
    found.set(id, {
      causeId: id,
      kind,
      tool,
      title: tool ? `${tool}: ${title}`.slice(0, 240) : title,
      eventId: at.eventId ?? null,
      toolCallId: at.toolCallId ?? null,
      offsetS: at.offsetS ?? null,
    });
  };

  if (call.errorMessage) add("cartesia_error", null, call.errorMessage);
  for (const e of events) {
    const isError = e.kind === "error" || (e.level !== null && ERROR_LEVELS.has(e.level.toLowerCase()));
    const eventId = String(e.id);
    if (e.kind === "transfer" && /fail|error|busy|no.?answer|unavailable|rejected/i.test(`${text(e.message)} ${text(e.metadata)} ${text(e.value)}`)) {
      add("transfer_failed", null, e.message || "the transfer did not connect", { eventId, offsetS: e.offsetS });
      continue;
    }
    if (!isError) continue;
    const message = e.message ?? "";
    const source = e.kind === "log_event" && e.name ? `${e.name}: ${message}` : message || e.name || "";
    add("agent_error", null, source, { eventId, offsetS: e.offsetS });
  }
  for (const t of toolCalls) {
    const toolCallId = String(t.id);
    if (t.state === "called") {
      add("tool_error", t.name, "no result returned before the call ended", { toolCallId, offsetS: t.offsetS });
      continue;
    }
    const error = toolError(t.result);
    if (error !== null) add("tool_error", t.name, error, { toolCallId, offsetS: t.offsetS });
  }
  const endReason = call.endReason?.trim() ?? "";
  if (endReason && /transfer/i.test(endReason) && /fail|error|busy|no.?answer|unavailable/i.test(endReason)) add("transfer_failed", null, endReason);
  else if (endReason && settings.badEndReasons.includes(endReason.toLowerCase())) add("end_reason", null, endReason);
  const longest = (conversation?.deadAir ?? []).reduce<{ start: number; end: number } | null>(
    (best, i) => (!best || i.end - i.start > best.end - best.start ? i : best),
    null,
  );
  if (longest && longest.end - longest.start >= settings.deadAirS) {
    const id = causeId("dead_air", null, `dead air ${settings.deadAirS}`);
    if (!found.has(id) && found.size < MAX_PER_CALL) {
      found.set(id, {
        causeId: id,
        kind: "dead_air",
        tool: null,
        title: `Dead air of ${settings.deadAirS} s or more`,
        eventId: null,
        toolCallId: null,
        offsetS: longest.start,
      });
    }
  }
  if (call.status === "failed" && found.size === 0) add("unexplained_failure", null, "The call failed and nothing stored says why");
  return [...found.values()];
}
