// GET /api/v1/evaluations - Cartesia's evaluation metrics per agent and per deployment.
import { listEvaluationsApi } from "@/lib/api/read-api";
import { route } from "@/lib/http/route";

export const GET = route(listEvaluationsApi);
