// GET /calls/{id}/transcript?format=… - the console's export of one call.
import { exportTranscript } from "@/lib/export/handle-export";

export async function GET(request: Request, ctx: RouteContext<"/calls/[id]/transcript">) {
  return exportTranscript(request, (await ctx.params).id);
}
