// Erasure by person, in the OpenAPI document.
import { type ApiPiece, errors, inputSchema, operation } from "@/lib/api/openapi-parts";
import { erasureSchema } from "./erase-person";

export function erasureOpenApi(): ApiPiece {
  return {
    paths: {
      "/api/v1/erasure": {
        post: operation({
          summary:
            "Erase a person's data: the content and recording of every call with this phone number (caller, callee, telephony parameters, metadata) or email address (transcript, summary, events, metadata). Admins only; recorded in the audit log",
          requestBody: { required: true, content: { "application/json": { schema: inputSchema(erasureSchema), example: { phone: "+15551234567" } } } },
          responses: { "200": { description: "{ calls_affected, call_ids }" }, ...errors(400, 401, 403, 413, 422, 503) },
        }),
      },
    },
  };
}
