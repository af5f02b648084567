// The audit log, in the OpenAPI document.
import { type ApiPiece, errors, operation, outputSchema, ref } from "@/lib/api/openapi-parts";
import { auditEventSchema, auditQuerySchema } from "./audit-json";

export function auditOpenApi(): ApiPiece {
  return {
    schemas: { AuditEvent: outputSchema(auditEventSchema) },
    paths: {
      "/api/v1/audit": {
        get: operation({
          summary:
            "The audit log, newest first: who viewed a call, played or downloaded a recording, exported, deleted or erased, or changed settings, keys, users or monitors. Admins only",
          query: auditQuerySchema,
          responses: {
            "200": {
              description: "{ data: [AuditEvent], next_page }",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { data: { type: "array", items: ref("AuditEvent") }, next_page: { type: ["string", "null"] } } },
                },
              },
            },
            ...errors(400, 401, 403, 503),
          },
        }),
      },
    },
  };
}
