// POST /api/v1/sync - start a sync from Cartesia's API (admin keys).
import { postSync } from "@/lib/sync/handle-sync";
import { route } from "@/lib/http/route";

export const POST = route(postSync);
