// Line's tool_call frames as tool calls. ConversationRunner sends a frame
// when a tool is called (result null) and another when it returns (the same
// name, arguments and responding_to, with its result); the two become one
// row of tool_calls with its result and its duration. A return whose call
// frame never came is kept too (return_only), and a call frame that arrives
// after its return completes it. Frames seen before (by external id) are
// skipped, so a retried batch changes nothing. The frames come redacted from
// the gate: what is paired and stored is only what they hold.
import { callMonthOf } from "@/lib/db/call-month";
import type { PoolClient } from "pg";
import type { Redacted } from "@/lib/privacy/redact-for-store";
import type { EventRow } from "./event-rows";

type FrameTime = { offsetS: number | null; wallTime: string | null; receivedAt: string };

type Pending = {
  dbId: string | null;
  toolCallId: string | null;
  name: string;
  arguments: unknown;
  result: unknown;
  extra: unknown;
  respondingTo: unknown;
  state: "called" | "returned" | "return_only";
  time: FrameTime;
  durationS: number | null;
  callExternalId: string | null;
  returnExternalId: string | null;
  changed: boolean;
};

/** JSON with sorted keys: arguments read back from jsonb compare equal to the same arguments as sent. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The tool call's id when the sender gave one; otherwise what Line repeats in both frames. */
function pairKey(toolCallId: string | null, name: string, args: unknown, respondingTo: unknown) {
  return toolCallId ? `id:${toolCallId}` : `frame:${canonical([name, args ?? null, respondingTo ?? null])}`;
}

/** Seconds from call to return, from the times the frames were sent with, or when they arrived apart. */
export function toolCallDuration(call: FrameTime, ret: FrameTime): number | null {
  let seconds: number | null = null;
  if (call.offsetS !== null && ret.offsetS !== null) seconds = ret.offsetS - call.offsetS;
  else if (call.wallTime && ret.wallTime) seconds = (Date.parse(ret.wallTime) - Date.parse(call.wallTime)) / 1000;
  else if (call.offsetS === null && ret.offsetS === null && !call.wallTime && !ret.wallTime) {
    // Frames with no time of their own: only arrivals in different requests say anything.
    const apart = (Date.parse(ret.receivedAt) - Date.parse(call.receivedAt)) / 1000;
    seconds = apart > 0 ? apart : null;
  }
  // To the microsecond: 3.4 − 3.0 is 0.4, not 0.3999999999999999.
  return seconds !== null && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1e6) / 1e6 : null;
}

/** Pairs and stores the tool_call frames of one call; returns the frames that were new (not seen before). */
export async function storeToolCalls(client: PoolClient, callId: string, frames: readonly Redacted<EventRow>[]): Promise<EventRow[]> {
  if (!frames.length) return [];
  // One writer per call at a time, so that two requests never both open the same call.
  await client.query("select pg_advisory_xact_lock(hashtextextended($1, 0))", [`tool_calls:${callId}`]);
  const ids = frames.flatMap((f) => (f.external_id ? [f.external_id] : []));
  const seen = { call: new Set<string>(), return: new Set<string>() };
  if (ids.length) {
    const { rows } = await client.query(
      `select call_external_id, return_external_id from tool_calls
       where call_id = $1 and (call_external_id = any($2::text[]) or return_external_id = any($2::text[]))`,
      [callId, ids],
    );
    for (const r of rows) {
      if (r.call_external_id) seen.call.add(r.call_external_id);
      if (r.return_external_id) seen.return.add(r.return_external_id);
    }
  }
  const { rows: open } = await client.query(
    `select id::text, tool_call_id, name, arguments, result, extra, responding_to, state, offset_s, wall_time, received_at, duration_s,
       call_external_id, return_external_id
     from tool_calls where call_id = $1 and source = 'telemetry' and state in ('called', 'return_only') order by id`,
    [callId],
  );
  const pending: Pending[] = open.map((r) => ({
    dbId: r.id,
    toolCallId: r.tool_call_id,
    name: r.name,
    arguments: r.arguments,
    result: r.result,
    extra: r.extra,
    respondingTo: r.responding_to,
    state: r.state,
    time: { offsetS: r.offset_s, wallTime: r.wall_time?.toISOString() ?? null, receivedAt: r.received_at.toISOString() },
    durationS: r.duration_s,
    callExternalId: r.call_external_id,
    returnExternalId: r.return_external_id,
    changed: false,
  }));
  const receivedAt = new Date().toISOString();
  const fresh: EventRow[] = [];
  for (const frame of frames) {
    const phase = frame.value === null ? "call" : "return";
    if (frame.external_id) {
      if (seen[phase].has(frame.external_id)) continue;
      seen[phase].add(frame.external_id);
    }
    fresh.push(frame);
    const name = frame.name ?? "";
    const toolCallId = frame.tool_call_id ?? null;
    const key = pairKey(toolCallId, name, frame.metadata, frame.responding_to);
    const time: FrameTime = { offsetS: frame.offset_s, wallTime: frame.wall_time, receivedAt };
    const waiting = phase === "call" ? "return_only" : "called";
    const match = pending.find((p) => p.state === waiting && pairKey(p.toolCallId, p.name, p.arguments, p.respondingTo) === key);
    if (match && phase === "return") {
      Object.assign(match, {
        result: frame.value,
        state: "returned",
        durationS: toolCallDuration(match.time, time),
        returnExternalId: frame.external_id,
        changed: true,
      });
    } else if (match) {
      // The return came first: the call frame completes it and gives it its time.
      Object.assign(match, { state: "returned", durationS: toolCallDuration(time, match.time), time, callExternalId: frame.external_id, changed: true });
    } else {
      pending.push({
        dbId: null,
        toolCallId,
        name,
        arguments: frame.metadata,
        result: phase === "return" ? frame.value : null,
        extra: frame.extra,
        respondingTo: frame.responding_to,
        state: phase === "return" ? "return_only" : "called",
        time,
        durationS: null,
        callExternalId: phase === "call" ? frame.external_id : null,
        returnExternalId: phase === "return" ? frame.external_id : null,
        changed: true,
      });
    }
  }
  const record = (p: Pending) => ({
    id: p.dbId,
    call_id: callId,
    tool_call_id: p.toolCallId,
    name: p.name,
    arguments: p.arguments,
    result: p.result,
    extra: p.extra,
    state: p.state,
    responding_to: p.respondingTo,
    offset_s: p.time.offsetS,
    wall_time: p.time.wallTime,
    received_at: p.time.receivedAt,
    duration_s: p.durationS,
    call_external_id: p.callExternalId,
    return_external_id: p.returnExternalId,
  });
  const columns = `r(id bigint, call_id text, tool_call_id text, name text, arguments jsonb, result jsonb, extra jsonb, state text,
    responding_to jsonb, offset_s float8, wall_time timestamptz, received_at timestamptz, duration_s float8, call_external_id text,
    return_external_id text)`;
  const updates = pending.filter((p) => p.changed && p.dbId !== null).map(record);
  if (updates.length) {
    await client.query(
      `update tool_calls t set result = r.result, state = r.state, offset_s = r.offset_s, wall_time = r.wall_time, received_at = r.received_at,
         duration_s = r.duration_s, call_external_id = r.call_external_id, return_external_id = r.return_external_id
       from jsonb_to_recordset($1::jsonb) as ${columns} where t.call_id = r.call_id and t.id = r.id`,
      [JSON.stringify(updates)],
    );
  }
  const inserts = pending.filter((p) => p.dbId === null).map(record);
  if (inserts.length) {
    await client.query(
      `insert into tool_calls (call_id, position, tool_call_id, name, arguments, result, extra, source, state, responding_to, offset_s, wall_time,
         received_at, duration_s, call_external_id, return_external_id, call_month)
       select r.call_id, 0, r.tool_call_id, r.name, r.arguments, r.result, r.extra, 'telemetry', r.state, r.responding_to, r.offset_s, r.wall_time,
         r.received_at, r.duration_s, r.call_external_id, r.return_external_id, ${callMonthOf("r.call_id")}
       from jsonb_to_recordset($1::jsonb) as ${columns}`,
      [JSON.stringify(inserts)],
    );
  }
  return fresh;
}
