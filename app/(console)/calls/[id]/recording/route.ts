// GET /calls/{id}/recording - the recording for the console's player and download button.
import { getRecording } from "@/lib/recordings/handle-recording";
import { routeWith } from "@/lib/http/route";

export const GET = routeWith("id", getRecording);
