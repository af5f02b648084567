// A call's debug bundle, in the OpenAPI document.
import { type ApiPiece, errors, idParameter, operation } from "@/lib/api/openapi-parts";
import { bundleQuerySchema } from "./bundle-query";

export function bundleOpenApi(): ApiPiece {
  return {
    paths: {
      "/api/v1/calls/{callId}/bundle": {
        get: operation({
          summary: "Download a call's debug bundle",
          description:
            "One zip, streamed (memory stays flat for any recording size): `call.json` (this API's call), `transcript.txt` and `transcript.json`, `events.ndjson`, `logs.txt`, `webhook-deliveries.json` (as stored, redacted; webhook secrets are never kept), `conversation.json`, `deployment.json`, the recording when there is one, and a `README.txt` naming each file and the Callscope version. Recorded in the audit log.",
          path: [idParameter("callId")],
          query: bundleQuerySchema,
          responses: {
            "200": {
              description: "The zip, as an attachment named callscope-<call id>.zip",
              content: { "application/zip": { schema: { type: "string", format: "binary" } } },
            },
            ...errors(400, 401, 403, 404, 429, 503),
          },
        }),
      },
    },
  };
}
