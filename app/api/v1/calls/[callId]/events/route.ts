// POST /api/v1/calls/{callId}/events - log events, metrics and log lines of a call.
import { handleEvents } from "@/lib/ingest/telemetry/handle-telemetry";

export async function POST(request: Request, ctx: RouteContext<"/api/v1/calls/[callId]/events">) {
  const { callId } = await ctx.params;
  return handleEvents(request, callId);
}
