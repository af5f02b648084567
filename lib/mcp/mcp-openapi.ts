// The MCP server's endpoint, in the OpenAPI document.
import { type ApiPiece, errors, operation } from "@/lib/api/openapi-parts";

export function mcpOpenApi(): ApiPiece {
  return {
    paths: {
      "/api/mcp": {
        post: operation({
          summary: "MCP server for AI assistants (Streamable HTTP)",
          description:
            "The Model Context Protocol over Streamable HTTP, stateless: POST JSON-RPC messages (`initialize`, `tools/list`, `tools/call`, `resources/read`, `prompts/get`, …) and get JSON answers. Only API keys as Bearer: member and admin keys; ingest keys get 403. The tools read what the read API reads, redacted alike. GET and DELETE answer 405.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { type: "object" }, example: { jsonrpc: "2.0", id: 1, method: "tools/list" } } },
          },
          responses: {
            "200": {
              description: "The JSON-RPC answer",
              content: {
                "application/json": { schema: { type: "object" }, example: { jsonrpc: "2.0", id: 1, result: { tools: [{ name: "search_calls" }] } } },
              },
            },
            "202": { description: "A notification, accepted" },
            ...errors(400, 401, 403, 413, 429, 503),
          },
        }),
        get: operation({ summary: "Not served: the endpoint keeps no streams", responses: { "405": { description: "Use POST" } } }),
        delete: operation({ summary: "Not served: the endpoint keeps no sessions", responses: { "405": { description: "Use POST" } } }),
      },
    },
  };
}
