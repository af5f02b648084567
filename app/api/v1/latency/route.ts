// GET /api/v1/latency - percentiles over time, by group and per stage, with the comparison of deployments.
import { getLatencyApi } from "@/lib/latency/handle-latency";
import { route } from "@/lib/http/route";

export const GET = route(getLatencyApi);
