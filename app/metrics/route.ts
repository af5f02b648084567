// GET /metrics - Prometheus metrics (lib/metrics).
import { route } from "@/lib/http/route";
import { metricsApi } from "@/lib/metrics/handle-metrics";

export const dynamic = "force-dynamic";
export const GET = route(metricsApi);
