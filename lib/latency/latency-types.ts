// The shapes of the latency page's figures, shared by the SQL that computes
// them exactly, the histogram merge that computes them from rollups, and the
// chart preparation.
import type { Bucket, RangeWindow } from "./time-buckets";

export type PercentileRow = { bucket: Date; agentId: string | null; n: number; p50: number; p90: number; p95: number; p99: number };
export type GroupRow = { key: string; agentId: string | null; n: number; p50: number; p95: number; p99: number; max: number; over: number };
export type HistogramRow = { fromMs: number; toMs: number; n: number };

export type LatencyFigures = {
  window: RangeWindow;
  bucket: Bucket;
  series: PercentileRow[];
  byAgent: GroupRow[];
  byDeployment: GroupRow[];
  histogram: HistogramRow[];
  /** values standing for each deployment's distribution, for the comparison of deployments */
  deploymentValues: Map<string, number[]>;
};

export type DeploymentMarker = { id: string; agentId: string | null; at: Date; gitCommitHash: string | null };
