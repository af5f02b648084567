// GET /api/v1/evaluations - Cartesia's evaluation metrics per agent and per deployment.
import { listEvaluationsApi } from "@/lib/evaluations/handle-evaluations";
import { route } from "@/lib/http/route";

export const GET = route(listEvaluationsApi);
