// GET /api/v1/calls/{callId} - one call with its turns, tool calls and events.
import { getCallApi } from "@/lib/api/read-api";

export async function GET(request: Request, ctx: RouteContext<"/api/v1/calls/[callId]">) {
  return getCallApi(request, (await ctx.params).callId);
}
