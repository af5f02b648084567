// GET /exports/transcripts?<calls list filters>&format=jsonl|csv - the console's export of a filtered calls list.
import { exportTranscripts } from "@/lib/export/handle-export";
import { route } from "@/lib/http/route";

export const GET = route(exportTranscripts);
