// The latency tools: slowest_turns, latency_summary, compare_deployments.
// Figures come from lib/latency exactly as the latency page computes them.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { compareWithPrevious } from "@/lib/latency/compare-with-previous";
import type { Shift } from "@/lib/latency/compare-deployments";
import { latencyFigures } from "@/lib/latency/get-latency";
import { LATENCY_RANGES, latencyFiltersSchema } from "@/lib/latency/latency-filters";
import type { GroupRow } from "@/lib/latency/latency-types";
import { rangeWindow } from "@/lib/latency/time-buckets";
import { listSlowestTurns } from "./list-slowest-turns";
import type { McpContext } from "./mcp-context";
import { clip, cursorSchema, decodeOffset, jsonResult, limitSchema, ms, pageResult, round, ToolInputError } from "./tool-results";

const range = (fallback: keyof typeof LATENCY_RANGES) =>
  z
    .enum(Object.keys(LATENCY_RANGES) as [keyof typeof LATENCY_RANGES])
    .default(fallback)
    .describe(`the last 6h, 24h, 7d or 30d (default ${fallback})`);
const ids = z.array(z.string().min(1).max(256)).max(20).optional();
const metric = z
  .enum(["tts_ttfb", "stt_ttfb", "response_gap", "heard_gap"])
  .default("tts_ttfb")
  .describe("tts_ttfb (default): time to the agent's first audio; stt_ttfb; response_gap (from timestamps); heard_gap (from the recording)");

function time(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ToolInputError(`${name} is not a date or RFC 3339 time.`);
  return date;
}

const groupJson = (r: GroupRow) => ({ n: r.n, p50_ms: round(r.p50), p95_ms: round(r.p95), p99_ms: round(r.p99), max_ms: round(r.max) });

const shiftWords = (name: string, s: Shift | null) =>
  s === null
    ? `${name}: too few values to compare`
    : `${name} ${round(s.before)} → ${round(s.after)} ms (${s.change >= 0 ? "+" : ""}${round(s.change)} ms, 95% interval ${round(s.low)} to ${round(s.high)}; ${s.significant ? "a real change" : "within noise"})`;

const shiftJson = (s: Shift | null) =>
  s === null
    ? null
    : {
        before_ms: round(s.before),
        after_ms: round(s.after),
        change_ms: round(s.change),
        low_ms: round(s.low),
        high_ms: round(s.high),
        significant: s.significant,
      };

export function registerLatencyTools(server: McpServer, ctx: McpContext) {
  server.registerTool(
    "slowest_turns",
    {
      title: "Slowest turns",
      description:
        "The slowest answered turns for an agent, a deployment or a time range, by the gap the caller heard before the agent answered (from the recording; the timestamps' gap where there is none). Each with its call, its second in the call, what the user said and the answer, and its stage breakdown when one was measured. Read around a turn with get_transcript(call_id, around_s).",
      inputSchema: {
        agent_id: ids,
        deployment_id: ids.describe("e.g. the newest from list_deployments"),
        range: range("7d"),
        from: z.string().max(40).optional().describe("instead of range: since this date or RFC 3339 time"),
        to: z.string().max(40).optional().describe("with from: until this time (default now)"),
        limit: limitSchema(10, 50),
        cursor: cursorSchema,
      },
    },
    async (input) => {
      const offset = decodeOffset(input.cursor);
      const window = rangeWindow({ range: input.range, tz: "UTC" });
      const from = time(input.from, "from") ?? (input.to ? new Date(0) : window.from);
      const to = time(input.to, "to") ?? window.to;
      const { rows, total } = await listSlowestTurns(
        ctx.pool,
        { from, to, agentIds: input.agent_id ?? [], deploymentIds: input.deployment_id ?? [] },
        offset,
        input.limit,
      );
      return pageResult(
        (shown, next) => ({ from: from.toISOString(), to: to.toISOString(), turns_total: total, turns: shown, next }),
        rows.map((r) => ({
          call_id: r.callId,
          agent_id: r.agentId,
          deployment_id: r.deploymentId,
          call_start: r.callStart?.toISOString() ?? null,
          turn_index: r.turnIndex,
          at_s: round(r.startS, 2),
          heard_gap_ms: r.heardGapMs === null ? null : Math.round(r.heardGapMs),
          gap_ms: Math.round(r.gapMs),
          measured_by: r.heardGapMs === null ? "timestamps" : "recording",
          tts_ttfb_ms: ms(r.ttsTtfb),
          user_said: clip(r.userText, 200),
          agent_answered: clip(r.agentText, 200),
          ...(r.stages === null ? {} : { stages: r.stages }),
        })),
        offset,
        total,
      );
    },
  );

  server.registerTool(
    "latency_summary",
    {
      title: "Latency summary",
      description:
        "p50, p95, p99 and max of a latency figure in ms, per agent or per deployment, over a range, with the number of values. As the latency page computes them.",
      inputSchema: {
        group_by: z.enum(["agent", "deployment"]).default("agent"),
        agent_id: ids,
        deployment_id: ids,
        metric,
        range: range("24h"),
        limit: limitSchema(20, 100),
      },
    },
    async (input) => {
      const filters = latencyFiltersSchema.parse({ range: input.range, agent: input.agent_id, deployment: input.deployment_id, metric: input.metric });
      const figures = await latencyFigures(ctx.pool, filters);
      const rows = input.group_by === "agent" ? figures.byAgent : figures.byDeployment;
      const sorted = [...rows].sort((a, b) => b.n - a.n);
      return jsonResult({
        metric: filters.metric,
        unit: "ms",
        from: figures.window.from.toISOString(),
        to: figures.window.to.toISOString(),
        values: rows.reduce((sum, r) => sum + r.n, 0),
        groups: sorted.slice(0, input.limit).map((r) => ({
          [input.group_by === "agent" ? "agent_id" : "deployment_id"]: r.key,
          ...(input.group_by === "deployment" ? { agent_id: r.agentId } : {}),
          ...groupJson(r),
        })),
        more_groups: Math.max(0, sorted.length - input.limit),
      });
    },
  );

  server.registerTool(
    "compare_deployments",
    {
      title: "Compare deployments",
      description:
        "Each recent deployment against the previous deployment of the same agent: how p50 and p95 moved, with a bootstrap 95% interval and whether the change is real or noise, in words and figures. As the latency page's comparison.",
      inputSchema: {
        agent_id: ids,
        deployment_id: ids.describe("only these deployments (each against its previous one)"),
        metric,
        range: range("30d"),
        limit: limitSchema(5, 10),
      },
    },
    async (input) => {
      const filters = latencyFiltersSchema.parse({ range: input.range, agent: input.agent_id, metric: input.metric });
      const window = rangeWindow(filters);
      const figures = await latencyFigures(ctx.pool, filters, window);
      const wanted = input.deployment_id?.length ? figures.byDeployment.filter((r) => input.deployment_id!.includes(r.key)) : figures.byDeployment;
      const comparisons = await compareWithPrevious(ctx.pool, filters, wanted, window, figures.deploymentValues, input.limit);
      const byKey = new Map(figures.byDeployment.map((r) => [r.key, r]));
      return jsonResult({
        metric: filters.metric,
        unit: "ms",
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        deployments: [...comparisons.values()].map((c) => {
          const row = byKey.get(c.deploymentId);
          return {
            deployment_id: c.deploymentId,
            agent_id: row?.agentId ?? null,
            previous_deployment_id: c.previousId,
            ...(row ? groupJson(row) : {}),
            summary:
              c.previousId === null
                ? `${c.deploymentId} is the first deployment of its agent in view: nothing to compare with.`
                : `${c.deploymentId} against ${c.previousId}: ${shiftWords("p50", c.p50)}; ${shiftWords("p95", c.p95)}.`,
            p50: shiftJson(c.p50),
            p95: shiftJson(c.p95),
          };
        }),
      });
    },
  );
}
