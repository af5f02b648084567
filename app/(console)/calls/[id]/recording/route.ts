// GET /calls/{id}/recording - the recording for the console's player and download button.
import { getRecording } from "@/lib/recordings/handle-recording";

export async function GET(request: Request, ctx: RouteContext<"/calls/[id]/recording">) {
  return getRecording(request, (await ctx.params).id);
}
