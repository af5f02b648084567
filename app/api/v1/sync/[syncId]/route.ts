// GET /api/v1/sync/{syncId} - a sync's status and progress; DELETE cancels it.
import { cancelSync, getSync } from "@/lib/sync/handle-sync";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("syncId", getSync);
export const DELETE = routeWith("syncId", cancelSync);
