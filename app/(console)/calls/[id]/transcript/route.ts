// GET /calls/{id}/transcript?format=… - the console's export of one call.
import { exportTranscript } from "@/lib/export/handle-export";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("id", exportTranscript);
