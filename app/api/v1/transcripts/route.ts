// GET /api/v1/transcripts?agent_id=&status=&from=&to=&q=&format=jsonl|csv - every matching call's transcript, streamed.
import { exportTranscripts } from "@/lib/export/handle-export";
import { route } from "@/lib/http/route";

export const GET = route(exportTranscripts);
