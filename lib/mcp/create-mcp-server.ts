// Callscope as an MCP server: the tools, each call as a resource
// (callscope://calls/{id}, its debug bundle as JSON) and a prompt that chains
// the tools to investigate a slow or failed call. One server per request: it
// holds nothing between requests, so any instance can answer any of them.
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { callBundleJson, getCallBundle } from "@/lib/bundle/get-call-bundle";
import { listCalls } from "@/lib/calls/list-calls";
import { callFiltersSchema } from "@/lib/calls/call-filters";
import pkg from "@/package.json";
import { registerCallTools } from "./call-tools";
import { registerFleetTools } from "./fleet-tools";
import { investigatePrompt } from "./investigate-prompt";
import { registerLatencyTools } from "./latency-tools";
import type { McpContext } from "./mcp-context";

export const CALL_URI = "callscope://calls/{id}";

export function createMcpServer(ctx: McpContext): McpServer {
  const server = new McpServer(
    { name: "callscope", title: "Callscope", version: pkg.version },
    {
      instructions:
        "Callscope holds the calls of voice agents on Cartesia Line: transcripts, latencies, events, logs, deployments. Start with list_deployments, search_calls, slowest_turns or failure_summary; open a call with get_call and read around a moment with get_transcript. Times in a call are seconds from its start; latencies are in ms unless a field says seconds.",
    },
  );
  registerCallTools(server, ctx);
  registerLatencyTools(server, ctx);
  registerFleetTools(server, ctx);

  server.registerResource(
    "call",
    new ResourceTemplate(CALL_URI, {
      list: async () => {
        const page = await listCalls(ctx.pool, callFiltersSchema.parse({ limit: "20" }));
        return {
          resources: page.rows.map((r) => ({
            uri: `callscope://calls/${encodeURIComponent(r.id)}`,
            name: r.id,
            title: `${r.agentId ?? "call"} ${r.startTime?.toISOString() ?? ""} (${r.status})`,
            mimeType: "application/json",
          })),
        };
      },
    }),
    { title: "Call", description: "Everything about one call (its debug bundle as JSON, without the recording)", mimeType: "application/json" },
    async (uri, variables) => {
      const id = decodeURIComponent(String(variables.id));
      const bundle = await getCallBundle(ctx.pool, ctx.db, id);
      if (!bundle) throw new Error(`No call with id ${id}.`);
      await ctx.audit({ action: "call.viewed", targetType: "call", targetId: id, details: { via: "mcp", resource: true } });
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(callBundleJson(bundle), null, 2) }] };
    },
  );

  server.registerPrompt(
    "investigate_call",
    {
      title: "Investigate a slow or failed call",
      description: "Find why a call (or the newest deployment) was slow or failed, with Callscope's tools, and say what to change.",
      argsSchema: {
        call_id: z.string().max(256).optional().describe("the call; leave out to start from the newest deployment"),
        symptom: z.string().max(500).optional().describe("what went wrong, in your words"),
      },
    },
    ({ call_id, symptom }) => ({ messages: [{ role: "user", content: { type: "text", text: investigatePrompt(call_id, symptom) } }] }),
  );
  return server;
}
