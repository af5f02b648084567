// GET /api/v1/causes - failing calls grouped into causes, by impact in the range.
import { listCausesApi } from "@/lib/causes/handle-causes";
import { route } from "@/lib/http/route";

export const GET = route(listCausesApi);
