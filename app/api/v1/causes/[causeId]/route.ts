// GET /api/v1/causes/{id} - a cause with its breakdown, examples and history; PATCH - change its state (admins).
import { getCauseApi, updateCauseApi } from "@/lib/causes/handle-causes";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("causeId", getCauseApi);
export const PATCH = routeWith("causeId", updateCauseApi);
