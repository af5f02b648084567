// GET /api/v1/batches/{id} - one call batch, its recipients and its calls' outcomes.
import { getBatchApi } from "@/lib/batches/handle-batches";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("batchId", getBatchApi);
