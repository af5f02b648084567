// POST /api/v1/deployments/{id}/logs - append log lines to a deployment.
import { postDeploymentLogs } from "@/lib/deployments/handle-deployments";
import { routeWith } from "@/lib/http/route";

export const POST = routeWith("deploymentId", postDeploymentLogs);
