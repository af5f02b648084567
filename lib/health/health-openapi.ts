// The health check, in the OpenAPI document.
import { type ApiPiece, operation } from "@/lib/api/openapi-parts";

export function healthOpenApi(): ApiPiece {
  return {
    paths: {
      "/api/health": {
        get: operation({
          summary: "Database up or down, migrations applied, version. Why the database is down goes to the server log only",
          security: [],
          responses: { "200": { description: "Healthy" }, "503": { description: "Not healthy" } },
        }),
      },
    },
  };
}
