// The calls API: GET /api/v1/calls, GET and DELETE /api/v1/calls/{id}, and
// GET /api/v1/events (every call's events in arrival order). Members and
// admins read, with a key or a console session; only admins delete.
import "server-only";
import { auditRequest } from "@/lib/audit/audit-request";
import { principalName } from "@/lib/auth/authenticate";
import { pool, readPool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import { apiCallFiltersSchema } from "./call-filters";
import { callDetailJson, callListJson, type StreamEventJson } from "./call-json";
import { deleteCallContent } from "@/lib/privacy/delete-call-content";
import { eventsQuerySchema } from "./events-query";
import { getCall } from "./get-call";
import { countCalls, listCalls } from "./list-calls";
import { listEventsAfter } from "./list-recent-events";

export const listCallsApi = authorized("read", apiCallFiltersSchema, async ({ request, query }) => {
  if (new URL(request.url).searchParams.get("count") === "true") return Response.json({ count: await countCalls(readPool(), query) });
  const page = await listCalls(readPool(), query);
  return Response.json({ data: page.rows.map(callListJson), next_page: page.nextCursor });
});

export const getCallApi = authorized("read", async ({ request, principal, param: id }) => {
  const call = await getCall(readPool(), id);
  if (!call) return jsonError(404, "not_found", `No call with id ${id}.`);
  await auditRequest({ request, principal }, { action: "call.viewed", targetType: "call", targetId: id });
  return Response.json(callDetailJson(call));
});

/** DELETE /api/v1/calls/{id}: deletes the call's content in Callscope; the record stays, with who and when. */
export const deleteCallApi = authorized("admin", async ({ request, principal, param: id }) => {
  const record = { at: new Date().toISOString(), by: principalName(principal), reason: "deleted_here" as const };
  if (!(await deleteCallContent(pool(), recordingStorage(), id, record))) return jsonError(404, "not_found", `No call with id ${id}.`);
  await auditRequest({ request, principal }, { action: "call.content_deleted", targetType: "call", targetId: id });
  return Response.json({ id, content_deleted: record });
});

export const listEventsApi = authorized("read", eventsQuerySchema, async ({ query }) => {
  const rows = await listEventsAfter(readPool(), query.after ?? null);
  const data: StreamEventJson[] = rows.map((e) => ({
    id: e.id,
    call_id: e.call_id,
    type: e.kind,
    name: e.name,
    level: e.level,
    message: e.message,
    value: e.value,
    received_at: new Date(e.received_at).toISOString(),
  }));
  return Response.json({ data });
});
