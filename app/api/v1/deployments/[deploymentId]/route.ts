// PUT /api/v1/deployments/{id} - create or update a deployment.
// GET /api/v1/deployments/{id} - one deployment.
import { putDeployment } from "@/lib/deployments/handle-deployments";
import { getDeploymentApi } from "@/lib/api/read-api";

export async function PUT(request: Request, ctx: RouteContext<"/api/v1/deployments/[deploymentId]">) {
  return putDeployment(request, (await ctx.params).deploymentId);
}

export async function GET(request: Request, ctx: RouteContext<"/api/v1/deployments/[deploymentId]">) {
  return getDeploymentApi(request, (await ctx.params).deploymentId);
}
