// API keys, in the OpenAPI document.
import { type ApiPiece, errors, inputSchema, operation, pathParameter } from "@/lib/api/openapi-parts";
import { createKeySchema } from "./api-keys";

export function keysOpenApi(): ApiPiece {
  return {
    paths: {
      "/api/v1/keys": {
        get: operation({
          summary: "API keys (never their values). Admins only",
          responses: { "200": { description: "{ data: [Key] }" }, ...errors(401, 403) },
        }),
        post: operation({
          summary: "Create an API key; its value is answered once. Admins only",
          requestBody: { required: true, content: { "application/json": { schema: inputSchema(createKeySchema) } } },
          responses: { "201": { description: "{ id, label, role, agent_ids, key }" }, ...errors(400, 401, 403, 422) },
        }),
      },
      "/api/v1/keys/{keyId}": {
        delete: operation({
          summary: "Revoke an API key. Admins only",
          path: [pathParameter("keyId")],
          responses: { "200": { description: "Revoked" }, ...errors(401, 403, 404) },
        }),
      },
    },
  };
}
