// Cartesia's webhook, in the OpenAPI document.
import { type ApiPiece, errors, inputSchema, json, operation } from "@/lib/api/openapi-parts";
import { knownDeliverySchema } from "@/lib/cartesia/webhook-delivery";

export function webhookOpenApi(): ApiPiece {
  return {
    schemas: { WebhookDelivery: inputSchema(knownDeliverySchema) },
    paths: {
      "/api/webhooks/cartesia": {
        post: operation({
          summary: "Receive a Cartesia call webhook",
          description:
            "call_started, call_completed, call_failed (seed shape with `body`, or typed `call`), call_turn, post_call_analysis. Unknown types are stored and answered 200. A retried delivery is answered 200 with outcome `duplicate`.",
          security: [{ webhookSecret: [] }],
          requestBody: { required: true, content: json("WebhookDelivery") },
          responses: { "200": { description: "Stored durably: outcome applied, duplicate or unknown_type" }, ...errors(400, 401, 413, 422, 503) },
        }),
      },
    },
  };
}
