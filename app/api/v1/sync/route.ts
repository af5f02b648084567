// POST /api/v1/sync - start a sync from Cartesia's API (admin keys).
import { postSync } from "@/lib/sync/handle-sync";

export const POST = postSync;
