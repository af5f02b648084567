// The Prometheus endpoint, in the OpenAPI document.
import { type ApiPiece, errors, operation } from "@/lib/api/openapi-parts";

export function metricsOpenApi(): ApiPiece {
  return {
    paths: {
      "/metrics": {
        get: operation({
          summary: "Prometheus metrics in the text exposition format. Any key but ingest; no key with METRICS_PUBLIC=true",
          responses: {
            "200": { description: "text/plain; version=0.0.4", content: { "text/plain": { schema: { type: "string" } } } },
            ...errors(401, 403, 503),
          },
        }),
      },
    },
  };
}
