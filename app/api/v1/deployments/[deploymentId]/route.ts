// PUT /api/v1/deployments/{id} - create or update a deployment.
// GET /api/v1/deployments/{id} - one deployment.
import { getDeploymentApi, putDeployment } from "@/lib/deployments/handle-deployments";
import { routeWith } from "@/lib/http/route";

export const PUT = routeWith("deploymentId", putDeployment);
export const GET = routeWith("deploymentId", getDeploymentApi);
