// GET /api/v1/events?after=<id> - events of every call in arrival order, for following them live.
import { listEventsApi } from "@/lib/api/read-api";

export const GET = listEventsApi;
