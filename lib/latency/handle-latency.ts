// GET /api/v1/latency: the latency page's figures for a range and filters,
// with the stage view and the comparison of deployments.
import "server-only";
import { readPool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { compareWithPrevious } from "./compare-with-previous";
import { latencyByGroup, latencyFigures } from "./get-latency";
import { stageLatency } from "./get-stage-latency";
import { latencyQuerySchema, latencyReportJson } from "./latency-json";
import { rangeWindow } from "./time-buckets";

export const getLatencyApi = authorized("read", latencyQuerySchema, async ({ query: filters }) => {
  const window = rangeWindow(filters);
  const [figures, stages, byVersion] = await Promise.all([
    latencyFigures(readPool(), filters, window),
    stageLatency(readPool(), filters, window),
    filters.group === "version" ? latencyByGroup(readPool(), filters, "version", window) : Promise.resolve(null),
  ]);
  const comparisons = await compareWithPrevious(readPool(), filters, figures.byDeployment, window, figures.deploymentValues);
  return Response.json(latencyReportJson(filters, figures, comparisons, byVersion, stages));
});
