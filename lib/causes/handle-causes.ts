// GET /api/v1/causes, GET and PATCH /api/v1/causes/{id}: failing calls
// grouped into causes. Members and admins read; only admins change a state,
// and every change is in the audit log.
import "server-only";
import { auditRequest } from "@/lib/audit/audit-request";
import { principalName } from "@/lib/auth/authenticate";
import { pool, readPool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { readJsonAs } from "@/lib/http/read-json";
import { validPathId } from "@/lib/http/validation";
import { causeDetailJson, causeJson } from "./cause-json";
import { causeFiltersSchema } from "./cause-filters";
import { causeChangeSchema, changeCauseState } from "./change-cause-state";
import { getCause, listCauses } from "./get-causes";

export const listCausesApi = authorized("read", causeFiltersSchema, async ({ query }) => {
  const causes = await listCauses(readPool(), query);
  return Response.json({ data: causes.map(causeJson) });
});

const notFound = (id: string) => jsonError(404, "not_found", `No cause ${id.slice(0, 100)}.`);

export const getCauseApi = authorized("read", async ({ param: id }) => {
  if (!validPathId(id)) return notFound(id);
  const cause = await getCause(readPool(), id);
  return cause ? Response.json(causeDetailJson(cause)) : notFound(id);
});

export const updateCauseApi = authorized("admin", async ({ request, principal, param: id }) => {
  if (!validPathId(id)) return notFound(id);
  const parsed = await readJsonAs(request, causeChangeSchema, {
    limit: 16 * 1024,
    invalid:
      "The change is not valid: state is resolved, ignored or ongoing; resolved_in_deployment_id goes with resolved, ignore_until and ignore_calls with ignored.",
  });
  if (parsed instanceof Response) return parsed;
  const outcome = await changeCauseState(pool(), id, parsed.data, principalName(principal));
  if (!outcome.changed) {
    if (outcome.reason === "not_found") return notFound(id);
    return jsonError(422, "validation_failed", `No deployment ${parsed.data.resolved_in_deployment_id}: resolve in a deployment Callscope knows.`);
  }
  await auditRequest(
    { request, principal },
    { action: "cause.state_changed", targetType: "cause", targetId: id, details: { from: outcome.from, to: outcome.to, ...parsed.data } },
  );
  const cause = await getCause(pool(), id);
  return Response.json(causeDetailJson(cause!));
});
