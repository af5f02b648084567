// GET /api/v1/agents - agents with their call counts and latency.
import { listAgentsApi } from "@/lib/agents/handle-agents";
import { route } from "@/lib/http/route";

export const GET = route(listAgentsApi);
