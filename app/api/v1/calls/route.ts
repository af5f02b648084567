// GET /api/v1/calls - calls, filtered (agent_id, status, deployment_id, from, to, q), cursor-paginated.
import { listCallsApi } from "@/lib/calls/handle-calls";
import { route } from "@/lib/http/route";

export const GET = route(listCallsApi);
