// GET /exports/transcripts?<calls list filters>&format=jsonl|csv - the console's export of a filtered calls list.
import { exportTranscripts } from "@/lib/export/handle-export";

export async function GET(request: Request) {
  return exportTranscripts(request);
}
