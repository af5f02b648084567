// POST /api/v1/calls/{callId}/logs - the agent's logging statements for a call.
import { handleLogs } from "@/lib/ingest/telemetry/handle-telemetry";

export async function POST(request: Request, ctx: RouteContext<"/api/v1/calls/[callId]/logs">) {
  const { callId } = await ctx.params;
  return handleLogs(request, callId);
}
