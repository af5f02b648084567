// GET /api/v1/stream - stored changes as they happen, as Server-Sent Events (Last-Event-ID resumes).
import { route } from "@/lib/http/route";
import { streamChanges } from "@/lib/live/handle-stream";

export const dynamic = "force-dynamic";
export const GET = route(streamChanges);
