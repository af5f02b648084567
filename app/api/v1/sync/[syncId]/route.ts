// GET /api/v1/sync/{syncId} - a sync's status and progress.
import { getSync } from "@/lib/sync/handle-sync";

export async function GET(request: Request, ctx: RouteContext<"/api/v1/sync/[syncId]">) {
  return getSync(request, (await ctx.params).syncId);
}
