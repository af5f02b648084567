// The deployments' part of the OpenAPI document: listed and read by members
// and admins, created, updated and given log lines with ingest keys.
import { type ApiPiece, dataList, errors, idParameter, inputSchema, json, operation, outputSchema } from "@/lib/api/openapi-parts";
import { deploymentSchema } from "@/lib/cartesia/deployment";
import { deploymentListItemSchema } from "./deployment-json";
import { deploymentsQuerySchema } from "./deployments-query";

const deploymentId = idParameter("deploymentId");

export function deploymentsOpenApi(): ApiPiece {
  return {
    schemas: { Deployment: inputSchema(deploymentSchema), DeploymentSummary: outputSchema(deploymentListItemSchema) },
    paths: {
      "/api/v1/deployments": {
        get: operation({
          summary: "Deployments with call counts and latency",
          query: deploymentsQuerySchema,
          responses: { "200": { description: "Every deployment seen", content: dataList("DeploymentSummary") }, ...errors(400, 401, 403, 503) },
        }),
      },
      "/api/v1/deployments/{deploymentId}": {
        put: operation({
          summary: "Create or update a deployment",
          path: [deploymentId],
          requestBody: { required: true, content: json("Deployment") },
          responses: {
            "200": { description: "Updated: the deployment (ingest keys: { id, status })" },
            "201": { description: "Created: the deployment (ingest keys: { id, status })" },
            ...errors(400, 401, 403, 413, 422, 503),
          },
        }),
        get: operation({ summary: "One deployment", path: [deploymentId], responses: { "200": { description: "Deployment" }, ...errors(401, 403, 404) } }),
      },
      "/api/v1/deployments/{deploymentId}/logs": {
        post: operation({
          summary: "Append log lines to a deployment",
          path: [deploymentId],
          requestBody: {
            required: true,
            content: { "text/plain": { schema: { type: "string" } }, "application/json": { schema: { type: "array", items: { type: "string" } } } },
          },
          responses: { "200": { description: "{ appended }" }, ...errors(400, 401, 403, 413, 415, 422, 503) },
        }),
      },
    },
  };
}
