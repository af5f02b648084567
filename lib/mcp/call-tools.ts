// The tools over single calls and the calls list: search_calls, get_call,
// get_transcript. They read through lib/calls and lib/export, as the API
// does, so an answer holds what the API would (redacted as stored).
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { apiCallFiltersSchema, CALL_SORTS, RANGE_PRESETS } from "@/lib/calls/call-filters";
import { failureReason } from "@/lib/calls/failure-reason";
import { type CallDetail, getCall } from "@/lib/calls/get-call";
import { listCalls } from "@/lib/calls/list-calls";
import { gapsByTurnId } from "@/lib/conversation/get-conversation";
import { toTxt } from "@/lib/export/transcript-formats";
import type { McpContext } from "./mcp-context";
import { clip, cursorSchema, decodeOffset, errorResult, jsonResult, limitSchema, ms, pageResult, round, ToolInputError } from "./tool-results";

const callId = z.string().min(1).max(256).describe("the call's id (Cartesia's call id, e.g. MZ…)");
const yesNo = (b: boolean | undefined) => (b === undefined ? undefined : b ? "yes" : "no");

/** The header of a call: who, when, how it ended and why it failed. */
export function callHeader(call: CallDetail) {
  const reason = failureReason(call, call.events);
  return {
    id: call.id,
    agent_id: call.agentId,
    agent_name: call.agentName,
    deployment_id: call.deploymentId,
    deployment_version_id: call.cartesia.deploymentVersionId,
    status: call.status,
    start_time: call.startTime?.toISOString() ?? null,
    end_time: call.endTime?.toISOString() ?? null,
    duration_s: round(call.durationS),
    end_reason: call.endReason,
    failure_reason: reason ? { text: clip(reason.text), source: reason.source } : null,
    summary: clip(call.summary),
    turn_count: call.turnCount,
    tts_ttfb_p50_ms: ms(call.ttfbP50),
    tts_ttfb_max_ms: ms(call.ttfbMax),
    recording: call.recording ? { content_type: call.recording.contentType, duration_s: round(call.recording.durationS) } : null,
    recording_status: call.recordingStatus,
    redactions: call.redactions,
  };
}

function conversationFigures(call: CallDetail) {
  const c = call.conversation;
  if (!c) return null;
  const gaps = c.response_gaps.map((g) => g.heard_gap_ms ?? g.gap_ms).sort((a, b) => a - b);
  return {
    measured_from: c.source,
    response_gap_median_ms: gaps.length ? Math.round(gaps[Math.floor((gaps.length - 1) / 2)]) : null,
    response_gap_max_ms: gaps.length ? Math.round(gaps[gaps.length - 1]) : null,
    dead_air_s: round(c.dead_air.reduce((sum, i) => sum + (i.end - i.start), 0)),
    interruptions: c.interruptions,
    talk_ratio: round(c.talk_ratio, 2),
    longest_monologue_s: round(c.longest_monologue_s),
    time_to_first_word_ms: c.time_to_first_word_ms === null ? null : Math.round(c.time_to_first_word_ms),
  };
}

async function loadCall(ctx: McpContext, id: string, tool: string) {
  const call = await getCall(ctx.pool, id);
  if (call) await ctx.audit({ action: "call.viewed", targetType: "call", targetId: id, details: { via: "mcp", tool } });
  return call;
}

export function registerCallTools(server: McpServer, ctx: McpContext) {
  server.registerTool(
    "search_calls",
    {
      title: "Search calls",
      description:
        "Find calls, newest first, with the calls list's filters and full-text search over transcripts. Answers ids and key figures; pass `next` as cursor for more. Open one with get_call.",
      inputSchema: {
        q: z.string().max(200).optional().describe("words to find in the transcripts"),
        agent_id: z.array(z.string().max(256)).max(20).optional(),
        deployment_id: z.array(z.string().max(256)).max(20).optional(),
        status: z.array(z.enum(["created", "started", "active", "completed", "failed", "cancelled", "placeholder"])).optional(),
        range: z
          .enum(Object.keys(RANGE_PRESETS) as [keyof typeof RANGE_PRESETS])
          .optional()
          .describe("calls of the last hour, day, week or month"),
        from: z.string().max(40).optional().describe("calls since this date or RFC 3339 time"),
        to: z.string().max(40).optional().describe("calls before this date or time"),
        end_reason: z.array(z.string().max(200)).max(20).optional(),
        has_error: z.boolean().optional().describe("failed, or an error was logged during the call"),
        has_tool_calls: z.boolean().optional(),
        recording: z.boolean().optional(),
        min_duration: z.number().min(0).optional().describe("seconds"),
        max_duration: z.number().min(0).optional().describe("seconds"),
        sort: z.enum(CALL_SORTS).optional().describe("newest (default), oldest, longest, slowest (by median tts_ttfb)"),
        limit: limitSchema(10, 25),
        cursor: cursorSchema,
      },
    },
    async (input) => {
      const filters = apiCallFiltersSchema.safeParse({
        q: input.q,
        agent_id: input.agent_id,
        deployment_id: input.deployment_id,
        status: input.status,
        range: input.range,
        from: input.from,
        to: input.to,
        end_reason: input.end_reason,
        has_error: yesNo(input.has_error),
        has_tool_calls: yesNo(input.has_tool_calls),
        recording: yesNo(input.recording),
        min_duration: input.min_duration?.toString(),
        max_duration: input.max_duration?.toString(),
        sort: input.sort,
        limit: String(input.limit),
        cursor: input.cursor,
      });
      if (!filters.success) return errorResult(`Invalid filters: ${filters.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      const page = await listCalls(ctx.pool, filters.data);
      return jsonResult({
        calls: page.rows.map((r) => {
          const reason = failureReason(r, r.loggedError ? [{ level: "error", message: r.loggedError, name: null }] : []);
          return {
            id: r.id,
            agent_id: r.agentId,
            deployment_id: r.deploymentId,
            status: r.status,
            start_time: r.startTime?.toISOString() ?? null,
            duration_s: round(r.durationS),
            turns: r.turnCount,
            tts_ttfb_p50_ms: ms(r.ttfbP50),
            end_reason: r.endReason,
            failure_reason: reason ? clip(reason.text, 200) : null,
            ...(r.snippet ? { snippet: clip(r.snippet.replace(/[\u0002\u0003]/g, ""), 240) } : {}),
            ...(r.matchAt !== null ? { match_timestamp: r.matchAt } : {}),
          };
        }),
        next: page.nextCursor,
      });
    },
  );

  server.registerTool(
    "get_call",
    {
      title: "Get a call",
      description:
        "One call: header, end reason, failure reason, conversation figures (response gaps, dead air, interruptions) and its turns with their latencies in ms. `include` adds the agent's events and log lines. Turns come in pages: pass `next` as cursor.",
      inputSchema: {
        call_id: callId,
        include: z
          .array(z.enum(["events", "logs"]))
          .optional()
          .describe("events: log events and metrics; logs: logging statements"),
        limit: limitSchema(30, 200),
        cursor: cursorSchema,
      },
    },
    async ({ call_id, include, limit, cursor }) => {
      const offset = decodeOffset(cursor);
      const call = await loadCall(ctx, call_id, "get_call");
      if (!call) return errorResult(`No call with id ${call_id}.`);
      const gaps = gapsByTurnId(call.turns, call.conversation);
      const turns = call.turns.map((t, index) => ({
        index,
        role: t.role,
        start_s: round(t.startS, 2),
        text: clip(t.text),
        tts_ttfb_ms: ms(t.ttsTtfb),
        stt_ttfb_ms: ms(t.sttTtfb),
        ...(gaps[t.id]
          ? { gap_ms: Math.round(gaps[t.id].gapMs), heard_gap_ms: gaps[t.id].heardGapMs === null ? null : Math.round(gaps[t.id].heardGapMs!) }
          : {}),
        ...(t.wasInterrupted ? { interrupted: true } : {}),
        ...(t.toolCalls.length ? { tool_calls: t.toolCalls.map((tc) => tc.name) } : {}),
      }));
      const pick = (kinds: string[]) =>
        call.events
          .filter((e) => kinds.includes(e.kind))
          .slice(0, 50)
          .map((e) => ({
            at_s: round(e.atS, 2),
            type: e.kind,
            name: e.name,
            level: e.level,
            message: clip(e.message, 200),
            value: e.kind === "log_metric" ? e.value : undefined,
          }));
      const page = turns.slice(offset, offset + limit);
      return pageResult(
        (shown, next) => ({
          call: callHeader(call),
          conversation: conversationFigures(call),
          turns: shown,
          next,
          ...(include?.includes("events") ? { events: pick(["log_event", "log_metric"]) } : {}),
          ...(include?.includes("logs") ? { logs: pick(["log"]) } : {}),
        }),
        page,
        offset,
        turns.length,
      );
    },
  );

  server.registerTool(
    "get_transcript",
    {
      title: "Get a transcript",
      description:
        "A call's transcript as plain text, one line per turn with time and speaker ([mm:ss.mmm] Agent: …), optionally with events and log lines. Narrow it with around_s (and window_s) or from_s/to_s; long transcripts come in pages.",
      inputSchema: {
        call_id: callId,
        around_s: z.number().min(0).optional().describe("only the turns within window_s of this second of the call"),
        window_s: z.number().min(1).max(600).default(20).describe("with around_s: seconds either side (default 20)"),
        from_s: z.number().min(0).optional(),
        to_s: z.number().min(0).optional(),
        include_events: z.boolean().default(false).describe("put log events, metrics and log lines on the same timeline"),
        limit: limitSchema(80, 400),
        cursor: cursorSchema,
      },
    },
    async ({ call_id, around_s, window_s, from_s, to_s, include_events, limit, cursor }) => {
      const offset = decodeOffset(cursor);
      const from = around_s !== undefined ? Math.max(0, around_s - window_s) : (from_s ?? 0);
      const to = around_s !== undefined ? around_s + window_s : (to_s ?? Infinity);
      if (from > to) throw new ToolInputError("from_s is after to_s.");
      const call = await loadCall(ctx, call_id, "get_transcript");
      if (!call) return errorResult(`No call with id ${call_id}.`);
      const turns = call.turns.filter((t) => t.startS >= from && t.startS <= to);
      const events = include_events ? call.events.filter((e) => e.atS !== null && e.atS >= from && e.atS <= to) : null;
      const lines = toTxt(call, turns, events).split("\n").slice(2).filter(Boolean);
      return pageResult(
        (shown, next) => ({ call_id: call.id, from_s: from, to_s: Number.isFinite(to) ? to : null, lines_total: lines.length, text: shown.join("\n"), next }),
        lines.slice(offset, offset + limit).map((l) => clip(l, 1000)!),
        offset,
        lines.length,
      );
    },
  );
}
