// GET /api/v1/deployments - deployments (optionally of one agent_id) with their numbers.
import { listDeploymentsApi } from "@/lib/api/read-api";

export const GET = listDeploymentsApi;
