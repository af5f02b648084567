// GET /api/v1/calls/{callId}/transcript?format=json|csv|vtt|srt|txt&include=events - one call's transcript.
import { exportTranscript } from "@/lib/export/handle-export";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("callId", exportTranscript);
