// POST /api/v1/calls/{callId}/logs - the agent's logging statements for a call.
import { handleLogs } from "@/lib/ingest/telemetry/handle-telemetry";
import { routeWith } from "@/lib/http/route";

export const POST = routeWith("callId", handleLogs);
