// POST /api/v1/deployments/{id}/logs - append log lines to a deployment.
import { postDeploymentLogs } from "@/lib/deployments/handle-deployments";

export async function POST(request: Request, ctx: RouteContext<"/api/v1/deployments/[deploymentId]/logs">) {
  return postDeploymentLogs(request, (await ctx.params).deploymentId);
}
