// GET /api/v1/agents - agents with their call counts and latency.
import { listAgentsApi } from "@/lib/api/read-api";

export const GET = listAgentsApi;
