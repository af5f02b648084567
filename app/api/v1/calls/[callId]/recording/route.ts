// PUT /api/v1/calls/{callId}/recording - upload the call's audio (streamed).
// GET /api/v1/calls/{callId}/recording - stream it back, with Range support and ?download=1.
import { getRecording, putRecording } from "@/lib/recordings/handle-recording";
import { routeWith } from "@/lib/http/route";

export const PUT = routeWith("callId", putRecording);
export const GET = routeWith("callId", getRecording);
