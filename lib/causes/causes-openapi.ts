// The causes' part of the OpenAPI document.
import { type ApiPiece, dataList, errorAnswer, inputSchema, json, operation, outputSchema, pathParameter, ref } from "@/lib/api/openapi-parts";
import { causeDetailSchema, causeSchema } from "./cause-json";
import { causeFiltersSchema } from "./cause-filters";
import { causeChangeSchema } from "./change-cause-state";

const causeId = pathParameter("causeId");

export function causesOpenApi(): ApiPiece {
  return {
    schemas: { Cause: outputSchema(causeSchema), CauseDetail: outputSchema(causeDetailSchema), CauseChange: inputSchema(causeChangeSchema) },
    paths: {
      "/api/v1/causes": {
        get: operation({
          summary: "Failing calls grouped into causes, by the calls they affected in the range",
          description: [
            "A finished call that failed, or that finished with a problem (an error-level log or event, a tool call that returned an error or never returned, a failed transfer, an end reason in CAUSE_END_REASONS, dead air of CAUSE_DEAD_AIR_S or more), is given causes in the background as it finishes.",
            "Calls share a cause when their kind, tool and normalised message match (numbers, ids, UUIDs, hex, quoted values, durations, phone numbers and URLs' query strings taken out); a Python traceback groups by its exception and the last frames in the agent's own code.",
            "Without `state`, only causes that still need someone are listed: new, ongoing and regressed.",
          ].join(" "),
          query: causeFiltersSchema,
          responses: {
            "200": { description: "The causes", content: dataList("Cause") },
            "400": errorAnswer("A filter that is not valid"),
            "401": errorAnswer("Missing or wrong credentials"),
            "403": errorAnswer("An ingest key"),
            "503": errorAnswer("Database unreachable; retry after Retry-After seconds"),
          },
        }),
      },
      "/api/v1/causes/{causeId}": {
        get: operation({
          summary: "One cause: its figures, the deployments and versions it affects, example calls and its history of states",
          path: [causeId],
          responses: {
            "200": { description: "The cause", content: json("CauseDetail") },
            "401": errorAnswer("Missing or wrong credentials"),
            "403": errorAnswer("An ingest key"),
            "404": errorAnswer("No such cause"),
          },
        }),
        patch: operation({
          summary: "Resolve, ignore or reopen a cause (admins; audited)",
          description:
            "A resolved cause seen again in a newer call regresses; resolved in a deployment, only when seen in that deployment or a later one. An ignored cause is ongoing again at `ignore_until` or after `ignore_calls` more calls. A new cause becomes ongoing after CAUSE_NEW_DAYS.",
          path: [causeId],
          requestBody: {
            required: true,
            content: { "application/json": { schema: ref("CauseChange"), example: { state: "resolved", resolved_in_deployment_id: "dep_01K2" } } },
          },
          responses: {
            "200": { description: "The cause, changed", content: json("CauseDetail") },
            "400": errorAnswer("Malformed JSON"),
            "401": errorAnswer("Missing or wrong credentials"),
            "403": errorAnswer("Not an admin"),
            "404": errorAnswer("No such cause"),
            "422": errorAnswer("A change that is not valid, or an unknown deployment"),
          },
        }),
      },
    },
  };
}
