// The live stream's part of the OpenAPI document.
import { type ApiPiece, errorAnswer, operation, outputSchema, ref } from "@/lib/api/openapi-parts";
import { type ChangeJson, changeSchema, resyncSchema } from "./change-json";
import { streamQuerySchema } from "./stream-query";

const CHANGE_EXAMPLE: ChangeJson = {
  id: "48213",
  kind: "turn",
  call_id: "MZ5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e",
  agent_id: "agent_pizzeria",
  monitor_id: null,
  at: "2025-07-04T12:30:09.120Z",
};

export function streamOpenApi(): ApiPiece {
  return {
    schemas: { Change: outputSchema(changeSchema), Resync: outputSchema(resyncSchema) },
    examples: [[changeSchema, CHANGE_EXAMPLE]],
    paths: {
      "/api/v1/stream": {
        get: operation({
          summary: "Follow stored changes live, as Server-Sent Events (members and admins; ingest keys are refused)",
          description: [
            "A `text/event-stream` of every change stored from now on that the filters select, on any instance: each event has `id:` and `data:` holding a Change (ids and kind only; load the call with GET /api/v1/calls/{callId}, which applies redaction and roles as always).",
            "Reconnecting with `Last-Event-ID` (EventSource does so by itself) or `last_event_id` first replays what was stored after that id, from at least the last 10 minutes; older ids get a Resync event.",
            "A comment line (`: heartbeat`) comes every 15 s. A client that reads too slowly has its queued events dropped and gets a Resync event (`reason: overflow`): reload what you show.",
            "Each instance serves at most LIVE_MAX_STREAMS open streams (default 500); past that, 503 with Retry-After. Behind nginx, turn `proxy_buffering` off and raise `proxy_read_timeout` above 15 s.",
            "Monitor changes are sent to admins only.",
          ].join(" "),
          query: streamQuerySchema,
          headers: [{ name: "Last-Event-ID", in: "header", required: false, schema: { type: "string" }, description: "the id of the last event received" }],
          responses: {
            "200": {
              description: "The stream; it stays open. Each event's data is a Change, or a Resync (which has no id).",
              content: {
                "text/event-stream": {
                  schema: { oneOf: [ref("Change"), ref("Resync")] },
                  example: `retry: 3000\n: connected\n\nid: ${CHANGE_EXAMPLE.id}\ndata: ${JSON.stringify(CHANGE_EXAMPLE)}\n\n: heartbeat\n\n`,
                },
              },
            },
            "400": errorAnswer("A filter that is not valid"),
            "401": errorAnswer("Missing or wrong credentials"),
            "403": errorAnswer("An ingest key"),
            "429": errorAnswer("Too many failed authentications from this address; retry after Retry-After seconds"),
            "503": errorAnswer("The instance has its most open streams, or the database is away; retry after Retry-After seconds"),
          },
        }),
      },
    },
  };
}
