// The tools over the whole fleet: failure_summary, list_agents,
// list_deployments, answered in the API's shapes.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { agentJson } from "@/lib/agents/agent-json";
import { listAgents } from "@/lib/agents/list-agents";
import { apiCallFiltersSchema, RANGE_PRESETS } from "@/lib/calls/call-filters";
import { deploymentListJson } from "@/lib/deployments/deployment-json";
import { listDeployments } from "@/lib/deployments/list-deployments";
import { summarizeFailures } from "./failure-summary";
import type { McpContext } from "./mcp-context";
import { clip, cursorSchema, decodeOffset, errorResult, jsonResult, limitSchema, pageResult } from "./tool-results";

const ids = z.array(z.string().min(1).max(256)).max(20).optional();

export function registerFleetTools(server: McpServer, ctx: McpContext) {
  server.registerTool(
    "failure_summary",
    {
      title: "Failure summary",
      description:
        "Failed calls of a range grouped by failure reason (Cartesia's error, else the last error the agent logged, else the end reason), most frequent first, with example call ids to open with get_call.",
      inputSchema: {
        range: z
          .enum(Object.keys(RANGE_PRESETS) as [keyof typeof RANGE_PRESETS])
          .default("7d")
          .describe("the last 1h, 24h, 7d (default) or 30d"),
        agent_id: ids,
        deployment_id: ids,
        limit: limitSchema(10, 50),
      },
    },
    async (input) => {
      const filters = apiCallFiltersSchema.safeParse({ range: input.range, agent_id: input.agent_id, deployment_id: input.deployment_id });
      if (!filters.success) return errorResult("Invalid filters.");
      const summary = await summarizeFailures(ctx.pool, filters.data);
      return jsonResult({
        range: input.range,
        failed_calls: summary.groups.reduce((sum, g) => sum + g.calls, 0),
        ...(summary.complete ? {} : { note: `only the newest ${summary.scanned} failed calls were grouped` }),
        groups: summary.groups.slice(0, input.limit).map((g) => ({
          reason: clip(g.reason, 300),
          source: g.source,
          calls: g.calls,
          newest: g.newest?.toISOString() ?? null,
          example_call_ids: g.examples,
        })),
        more_groups: Math.max(0, summary.groups.length - input.limit),
      });
    },
  );

  server.registerTool(
    "list_agents",
    {
      title: "List agents",
      description:
        "The agents Callscope has seen, most recently called first, with calls, failed calls, tts_ttfb percentiles (seconds) and conversation figures.",
      inputSchema: { limit: limitSchema(20, 100), cursor: cursorSchema },
    },
    async ({ limit, cursor }) => {
      const offset = decodeOffset(cursor);
      const agents = await listAgents(ctx.pool);
      return pageResult((shown, next) => ({ agents: shown, next }), agents.slice(offset, offset + limit).map(agentJson), offset, agents.length);
    },
  );

  server.registerTool(
    "list_deployments",
    {
      title: "List deployments",
      description: "Deployments, newest first (the first is the newest deployment), with agent, status, git commit, calls and tts_ttfb p50/p95 (seconds).",
      inputSchema: { agent_id: z.string().max(256).optional(), limit: limitSchema(10, 100), cursor: cursorSchema },
    },
    async ({ agent_id, limit, cursor }) => {
      const offset = decodeOffset(cursor);
      const rows = await listDeployments(ctx.pool, { agentId: agent_id, limit: offset + limit + 1 });
      const total = Math.min(rows.length, offset + limit) + (rows.length > offset + limit ? 1 : 0);
      return pageResult((shown, next) => ({ deployments: shown, next }), rows.slice(offset, offset + limit).map(deploymentListJson), offset, total);
    },
  );
}
