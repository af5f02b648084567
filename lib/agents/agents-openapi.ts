// The agents list, in the OpenAPI document.
import { type ApiPiece, dataList, errors, operation, outputSchema } from "@/lib/api/openapi-parts";
import { agentSchema } from "./agent-json";

export function agentsOpenApi(): ApiPiece {
  return {
    schemas: { Agent: outputSchema(agentSchema) },
    paths: {
      "/api/v1/agents": {
        get: operation({
          summary: "Agents with call counts and latency",
          responses: {
            "200": {
              description: "Every agent seen",
              content: dataList("Agent", {
                data: [
                  {
                    id: "agent_pizzeria",
                    name: "Marco's Pizzeria",
                    calls: 120,
                    failed_calls: 3,
                    last_call_at: "2025-07-04T12:30:05.300Z",
                    tts_ttfb_p50: 0.231,
                    tts_ttfb_p95: 0.402,
                    tts_ttfb_p99: 0.588,
                  },
                ],
              }),
            },
            ...errors(401, 403, 503),
          },
        }),
      },
    },
  };
}
