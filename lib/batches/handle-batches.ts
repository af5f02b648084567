// GET /api/v1/batches and /api/v1/batches/{id}: Cartesia's call batches.
import "server-only";
import { readPool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { validPathId } from "@/lib/http/validation";
import { batchDetailJson, batchJson } from "./batch-json";
import { batchesQuerySchema } from "./batches-query";
import { getBatch, listBatches } from "./get-batches";

export const listBatchesApi = authorized("read", batchesQuerySchema, async ({ query }) => {
  const batches = await listBatches(readPool(), { agentId: query.agent_id, limit: query.limit });
  return Response.json({ data: batches.map(batchJson) });
});

export const getBatchApi = authorized("read", async ({ param: id }) => {
  if (!validPathId(id)) return jsonError(400, "bad_request", "The batch id must be 1 to 256 printable characters.");
  const batch = await getBatch(readPool(), id);
  if (!batch) return jsonError(404, "not_found", `No batch ${id}: neither Cartesia's batches nor any call name it.`);
  return Response.json(batchDetailJson(batch));
});
