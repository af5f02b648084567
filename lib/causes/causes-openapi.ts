// The causes' part of the OpenAPI document (lib/api/openapi.ts spreads it in).
import { z } from "zod";
import { causeDetailSchema, causeSchema } from "./cause-json";
import { causeFiltersSchema } from "./cause-filters";
import { causeChangeSchema } from "./change-cause-state";

const output = (s: z.ZodType) => z.toJSONSchema(s, { io: "output", unrepresentable: "any", target: "draft-2020-12" });
const input = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" });

const errorContent = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
const error = (description: string) => ({ description, content: errorContent });

export const CAUSE_SCHEMAS = { Cause: output(causeSchema), CauseDetail: output(causeDetailSchema), CauseChange: input(causeChangeSchema) };

const path = { name: "causeId", in: "path", required: true, schema: { type: "string" } };

export const CAUSE_PATHS = {
  "/api/v1/causes": {
    get: {
      summary: "Failing calls grouped into causes, by the calls they affected in the range",
      description: [
        "A finished call that failed, or that finished with a problem (an error-level log or event, a tool call that returned an error or never returned, a failed transfer, an end reason in CAUSE_END_REASONS, dead air of CAUSE_DEAD_AIR_S or more), is given causes in the background as it finishes.",
        "Calls share a cause when their kind, tool and normalised message match (numbers, ids, UUIDs, hex, quoted values, durations, phone numbers and URLs' query strings taken out); a Python traceback groups by its exception and the last frames in the agent's own code.",
        "Without `state`, only causes that still need someone are listed: new, ongoing and regressed.",
      ].join(" "),
      parameters: Object.entries(causeFiltersSchema.shape).map(([name, s]) => ({
        name,
        in: "query",
        required: false,
        schema: { type: "string" },
        description: s.description,
      })),
      responses: {
        "200": {
          description: "The causes",
          content: {
            "application/json": { schema: { type: "object", properties: { data: { type: "array", items: { $ref: "#/components/schemas/Cause" } } } } },
          },
        },
        "400": error("A filter that is not valid"),
        "401": error("Missing or wrong credentials"),
        "403": error("An ingest key"),
        "503": error("Database unreachable; retry after Retry-After seconds"),
      },
    },
  },
  "/api/v1/causes/{causeId}": {
    get: {
      summary: "One cause: its figures, the deployments and versions it affects, example calls and its history of states",
      parameters: [path],
      responses: {
        "200": { description: "The cause", content: { "application/json": { schema: { $ref: "#/components/schemas/CauseDetail" } } } },
        "401": error("Missing or wrong credentials"),
        "403": error("An ingest key"),
        "404": error("No such cause"),
      },
    },
    patch: {
      summary: "Resolve, ignore or reopen a cause (admins; audited)",
      description:
        "A resolved cause seen again in a newer call regresses; resolved in a deployment, only when seen in that deployment or a later one. An ignored cause is ongoing again at `ignore_until` or after `ignore_calls` more calls. A new cause becomes ongoing after CAUSE_NEW_DAYS.",
      parameters: [path],
      requestBody: {
        required: true,
        content: {
          "application/json": { schema: { $ref: "#/components/schemas/CauseChange" }, example: { state: "resolved", resolved_in_deployment_id: "dep_01K2" } },
        },
      },
      responses: {
        "200": { description: "The cause, changed", content: { "application/json": { schema: { $ref: "#/components/schemas/CauseDetail" } } } },
        "400": error("Malformed JSON"),
        "401": error("Missing or wrong credentials"),
        "403": error("Not an admin"),
        "404": error("No such cause"),
        "422": error("A change that is not valid, or an unknown deployment"),
      },
    },
  },
};
