// GET /api/v1/calls/{callId} - one call with its turns, tool calls and events.
import { getCallApi } from "@/lib/api/read-api";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("callId", getCallApi);
