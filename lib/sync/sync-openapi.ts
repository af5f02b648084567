// The sync from Cartesia's API, in the OpenAPI document.
import { type ApiPiece, errors, inputSchema, operation, pathParameter, withExample } from "@/lib/api/openapi-parts";
import { syncRequestSchema } from "./sync-request";

const syncId = pathParameter("syncId");

export function syncOpenApi(): ApiPiece {
  return {
    schemas: {
      // getSync answers the job as the queue holds it; no zod schema types it.
      SyncJob: {
        type: "object",
        properties: {
          id: { type: "string" },
          status: { enum: ["queued", "running", "done", "failed", "cancelled"] },
          parameters: { type: "object", description: "agent_id, since and limit, as the sync was asked for" },
          progress: { type: ["object", "null"], description: "calls, recordings, logs and deployments brought so far" },
          error: { type: ["string", "null"] },
          attempts: { type: "integer" },
          updated_at: { type: "string", format: "date-time" },
        },
      },
    },
    paths: {
      "/api/v1/sync": {
        post: operation({
          summary: "Start a sync from Cartesia's API. Admins only",
          description: "Needs CARTESIA_API_KEY on the server. Answers 202 with the job; follow it with GET /api/v1/sync/{syncId}.",
          requestBody: {
            required: false,
            content: { "application/json": { schema: inputSchema(syncRequestSchema), example: { agent_id: "agent_pizzeria", since: "2025-07-01" } } },
          },
          responses: {
            "202": {
              description: "Queued",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { id: { type: "string" }, status: { const: "queued" } } },
                  example: { id: "12", status: "queued" },
                },
              },
            },
            ...errors(400, 401, 403, 422, 503),
          },
        }),
      },
      "/api/v1/sync/{syncId}": {
        get: operation({
          summary: "A sync's progress. Admins only",
          path: [syncId],
          responses: {
            "200": {
              description: "The sync job: its parameters, progress, and Cartesia's message when it failed",
              content: withExample("SyncJob", {
                id: "12",
                status: "running",
                parameters: { agent_id: "agent_pizzeria" },
                progress: { calls: 250, recordings: 31, logs: 250, deployments: 4 },
                error: null,
                attempts: 1,
                updated_at: "2025-07-04T12:31:00.000Z",
              }),
            },
            ...errors(401, 403, 404, 503),
          },
        }),
        delete: operation({
          summary: "Cancel a waiting or running sync. Admins only",
          description: "A running sync stops before its next call; what it stored so far stays.",
          path: [syncId],
          responses: {
            "200": { description: "Cancelled", content: { "application/json": { schema: { type: "object" }, example: { id: "12", status: "cancelled" } } } },
            ...errors(401, 403, 404, 409, 503),
          },
        }),
      },
    },
  };
}
