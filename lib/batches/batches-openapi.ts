// Cartesia's call batches, in the OpenAPI document.
import { type ApiPiece, dataList, errors, json, operation, outputSchema, pathParameter } from "@/lib/api/openapi-parts";
import { batchDetailSchema, batchSchema } from "./batch-json";
import { batchesQuerySchema } from "./batches-query";

export function batchesOpenApi(): ApiPiece {
  return {
    schemas: { Batch: outputSchema(batchSchema), BatchDetail: outputSchema(batchDetailSchema) },
    paths: {
      "/api/v1/batches": {
        get: operation({
          summary: "Cartesia's call batches (outbound campaigns), newest first",
          description:
            "Names, statuses and counts as the sync last read them from Cartesia (GET /agents/calls/batches), and how many of each batch's calls Callscope holds. A batch that calls name but no sync has described yet is listed with its calls alone.",
          query: batchesQuerySchema,
          responses: {
            "200": {
              description: "The batches",
              content: dataList("Batch", {
                data: [
                  {
                    id: "batch_01K2",
                    name: "July renewals",
                    agent_id: "agent_pizzeria",
                    status: "in_progress",
                    total_calls_scheduled: 120,
                    total_calls_dispatched: 80,
                    total_calls_finished: 64,
                    created_at: "2025-07-04T09:00:00.000Z",
                    last_updated_at: "2025-07-04T12:31:00.000Z",
                    scheduled_at: null,
                    synced_at: "2025-07-04T12:35:00.000Z",
                    calls: 64,
                    region: "us-west",
                    retry_count: 0,
                  },
                ],
              }),
            },
            ...errors(400, 401, 403, 503),
          },
        }),
      },
      "/api/v1/batches/{batchId}": {
        get: operation({
          summary: "One call batch, its recipients and its calls' outcomes",
          path: [pathParameter("batchId")],
          responses: { "200": { description: "The batch", content: json("BatchDetail") }, ...errors(400, 401, 403, 404, 503) },
        }),
      },
    },
  };
}
