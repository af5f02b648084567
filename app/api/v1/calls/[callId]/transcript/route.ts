// GET /api/v1/calls/{callId}/transcript?format=json|csv|vtt|srt|txt&include=events - one call's transcript.
import { exportTranscript } from "@/lib/export/handle-export";

export async function GET(request: Request, ctx: RouteContext<"/api/v1/calls/[callId]/transcript">) {
  return exportTranscript(request, (await ctx.params).callId);
}
