// Cartesia's evaluation metrics per agent and deployment, in the OpenAPI document.
import { type ApiPiece, errors, operation } from "@/lib/api/openapi-parts";
import { evaluationsQuerySchema } from "./evaluations-query";

export function evaluationsOpenApi(): ApiPiece {
  return {
    paths: {
      "/api/v1/evaluations": {
        get: operation({
          summary: "Cartesia's evaluation metrics per agent and per deployment",
          description:
            "For each metric synced from Cartesia: the pass rate (true/false metrics) or the mean (numeric ones) of each agent and each deployment, and for a deployment the change against the previous deployment of the same agent with a 95% bootstrap interval (`significant` when it excludes zero).",
          query: evaluationsQuerySchema,
          responses: {
            "200": {
              description: "by_agent and by_deployment",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { by_agent: { type: "array", items: { type: "object" } }, by_deployment: { type: "array", items: { type: "object" } } },
                  },
                  example: {
                    by_agent: [{ agent_id: "agent_pizzeria", metric: "resolved", display_name: "Resolved", n: 39, failed: 1, kind: "pass_rate", value: 0.615 }],
                    by_deployment: [
                      {
                        deployment_id: "dep_b",
                        agent_id: "agent_pizzeria",
                        metric: "resolved",
                        display_name: "Resolved",
                        n: 19,
                        failed: 1,
                        kind: "pass_rate",
                        value: 0.316,
                        previous_deployment_id: "dep_a",
                        change: { before: 0.9, after: 0.316, change: -0.584, low: -0.79, high: -0.35, significant: true },
                      },
                    ],
                  },
                },
              },
            },
            ...errors(401, 403, 503),
          },
        }),
      },
    },
  };
}
