// POST /api/v1/calls/{callId}/events - log events, metrics and log lines of a call.
import { handleEvents } from "@/lib/ingest/telemetry/handle-telemetry";
import { routeWith } from "@/lib/http/route";

export const POST = routeWith("callId", handleEvents);
