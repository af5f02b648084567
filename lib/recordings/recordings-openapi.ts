// A call's recording, uploaded and downloaded, in the OpenAPI document.
import { z } from "zod";
import { type ApiPiece, errors, idParameter, operation, queryParameters } from "@/lib/api/openapi-parts";

// handle-recording.ts reads these two itself: any other value is taken as not given.
const putQuery = z.object({ replace: z.enum(["true"]).optional().describe("admin keys only") });
const getQuery = z.object({ download: z.string().optional().describe("1 to download as <call id>.<ext>") });

const callId = idParameter("callId");

export function recordingsOpenApi(): ApiPiece {
  return {
    paths: {
      "/api/v1/calls/{callId}/recording": {
        put: operation({
          summary: "Upload the call's recording",
          description:
            "The audio as the body, streamed to storage. audio/wav, audio/mpeg, audio/ogg or audio/webm. A call that has a recording keeps it (409) unless an admin key sends `?replace=true`; replacements are in the audit log.",
          path: [callId],
          query: queryParameters(putQuery),
          requestBody: {
            required: true,
            content: { "audio/wav": { schema: { type: "string", format: "binary" } }, "audio/mpeg": {}, "audio/ogg": {}, "audio/webm": {} },
          },
          responses: {
            "201": { description: "Stored: bytes, sha256, duration_s (ingest keys: { id, status })" },
            ...errors(400, 401, 403, 409, 413, 415, 503),
          },
        }),
        get: operation({
          summary: "Download the call's recording",
          description: "Supports Range requests (206). ?download=1 adds Content-Disposition: attachment.",
          path: [callId],
          query: queryParameters(getQuery),
          responses: { "200": { description: "The audio" }, "206": { description: "A byte range of the audio" }, ...errors(401, 404, 416) },
        }),
      },
    },
  };
}
