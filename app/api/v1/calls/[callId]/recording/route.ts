// PUT /api/v1/calls/{callId}/recording - upload the call's audio (streamed).
// GET /api/v1/calls/{callId}/recording - stream it back, with Range support and ?download=1.
import { getRecording, putRecording } from "@/lib/recordings/handle-recording";

export async function PUT(request: Request, ctx: RouteContext<"/api/v1/calls/[callId]/recording">) {
  return putRecording(request, (await ctx.params).callId);
}

export async function GET(request: Request, ctx: RouteContext<"/api/v1/calls/[callId]/recording">) {
  return getRecording(request, (await ctx.params).callId);
}
