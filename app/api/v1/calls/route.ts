// GET /api/v1/calls - calls, filtered (agent_id, status, deployment_id, from, to, q), cursor-paginated.
import { listCallsApi } from "@/lib/api/read-api";

export const GET = listCallsApi;
