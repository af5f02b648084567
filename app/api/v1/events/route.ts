// GET /api/v1/events?after=<id> - events of every call in arrival order, for following them live.
import { listEventsApi } from "@/lib/calls/handle-calls";
import { route } from "@/lib/http/route";

export const GET = route(listEventsApi);
