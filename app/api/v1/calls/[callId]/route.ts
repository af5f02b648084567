// GET /api/v1/calls/{callId} - one call with its turns, tool calls and events; DELETE deletes its content (admins).
import { deleteCallApi, getCallApi } from "@/lib/calls/handle-calls";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("callId", getCallApi);
export const DELETE = routeWith("callId", deleteCallApi);
