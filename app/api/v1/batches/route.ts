// GET /api/v1/batches - Cartesia's call batches, with their names, statuses and counts.
import { listBatchesApi } from "@/lib/batches/handle-batches";
import { route } from "@/lib/http/route";

export const GET = route(listBatchesApi);
