// GET /api/v1/sync/{syncId} - a sync's status and progress.
import { getSync } from "@/lib/sync/handle-sync";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("syncId", getSync);
