// GET /api/v1/deployments - deployments (optionally of one agent_id) with their numbers.
import { listDeploymentsApi } from "@/lib/deployments/handle-deployments";
import { route } from "@/lib/http/route";

export const GET = route(listDeploymentsApi);
