// GET /api/v1/latency: its query (the latency page's filters, checked
// strictly: a bad value is a 400, not a silent default) and its answer, as
// zod schemas that type the handler, the OpenAPI document and the CLI.
import { z } from "zod";
import { many } from "@/lib/http/search-params";
import type { Shift } from "./compare-deployments";
import type { DeploymentComparison } from "./compare-with-previous";
import type { StageLatency, StagePercentiles } from "./get-stage-latency";
import { isTimeZone, LATENCY_METRIC_PATTERN, LATENCY_RANGES, type LatencyFilters } from "./latency-filters";
import type { GroupRow, LatencyFigures, PercentileRow } from "./latency-types";
import { STAGE_METRICS, type StageMetric } from "./rollup";

export const latencyQuerySchema = z
  .strictObject({
    range: z
      .enum(Object.keys(LATENCY_RANGES) as [keyof typeof LATENCY_RANGES])
      .default("7d")
      .describe("6h, 24h, 7d (default) or 30d, ending now"),
    agent_id: many.describe("one or more agents, comma-separated or repeated"),
    deployment_id: many.describe("one or more deployments, comma-separated or repeated"),
    metric: z
      .string()
      .regex(LATENCY_METRIC_PATTERN, "not a latency figure")
      .default("tts_ttfb")
      .describe(
        "tts_ttfb (default), stt_ttfb, response_gap, heard_gap, stage_wait, stage_endpointing, stage_stt, stage_llm, stage_tts, stage_unattributed, or a logged metric named *_ms",
      ),
    threshold: z.coerce.number().int().min(1).max(60_000).default(600).describe("ms; the share of values above it is given per group (default 600)"),
    group: z.enum(["deployment", "version"]).default("deployment").describe("version adds by_version (exact, over the raw values)"),
    stages: z.enum(["agent", "deployment", "version"]).default("agent").describe("the stage waterfalls per agent (default), deployment or version"),
    tz: z.string().max(64).refine(isTimeZone, "not an IANA time zone").default("UTC").describe("IANA time zone of day buckets (default UTC)"),
  })
  .transform((q): LatencyFilters => ({
    range: q.range,
    agent: q.agent_id,
    deployment: q.deployment_id,
    metric: q.metric,
    threshold: q.threshold,
    compare: "none",
    group: q.group,
    stages: q.stages,
    tz: q.tz,
  }));

const ms = z.number().nullable();
const shiftSchema = z
  .strictObject({ before: z.number(), after: z.number(), change: z.number(), low: z.number(), high: z.number(), significant: z.boolean() })
  .nullable()
  .describe("after − before in ms with a 95% bootstrap interval [low, high]; significant when it excludes zero; null where a side has under two values");

const percentileRowSchema = z.strictObject({
  bucket: z.iso.datetime(),
  values: z.int(),
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
});
const groupRowSchema = z.strictObject({
  key: z.string(),
  agent_id: z.string().nullable(),
  values: z.int(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  over_threshold: z.number().describe("the share of values above the threshold, 0 to 1"),
});

const STAGE_FIELDS = {
  stage_wait: "wait_ms",
  stage_endpointing: "endpointing_ms",
  stage_stt: "stt_ms",
  stage_llm: "llm_ms",
  stage_tts: "tts_ms",
  stage_unattributed: "unattributed_ms",
} as const satisfies Record<StageMetric, string>;
const stageObject = <T extends z.ZodType>(value: T) =>
  z.strictObject(Object.fromEntries(Object.values(STAGE_FIELDS).map((f) => [f, value])) as Record<(typeof STAGE_FIELDS)[StageMetric], T>);

export const latencyReportSchema = z
  .strictObject({
    metric: z.string(),
    range: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    time_zone: z.string(),
    bucket: z.enum(["5 minutes", "hour", "day"]),
    series: z.array(percentileRowSchema).describe("the metric's percentiles per bucket"),
    by_agent: z.array(groupRowSchema),
    by_deployment: z.array(
      groupRowSchema.extend({
        previous_deployment_id: z.string().nullable().describe("the agent's deployment before this one"),
        p50_shift: shiftSchema,
        p95_shift: shiftSchema,
      }),
    ),
    by_version: z.array(groupRowSchema).nullable().describe("with group=version"),
    stages: z
      .strictObject({
        group: z.enum(["agent", "deployment", "version"]),
        groups: z.array(
          z.strictObject({
            key: z.string(),
            label: z.string().describe("a deployment's git commit, when known"),
            agent_id: z.string().nullable(),
            answered_turns: z.int(),
            p50: stageObject(ms),
            p95: stageObject(ms),
            values: stageObject(z.int()).describe("how many turns measured each stage"),
          }),
        ),
        series: stageObject(z.array(percentileRowSchema)).describe("each stage's percentiles per bucket"),
        comparisons: z.array(
          z.strictObject({
            deployment_id: z.string(),
            previous_deployment_id: z.string(),
            sentence: z.string().nullable().describe('e.g. "9b71d3a is 310 ms slower at p95 than 4f2c9e1; text-to-speech accounts for 260 ms of it."'),
            p50: stageObject(shiftSchema),
            p95: stageObject(shiftSchema),
          }),
        ),
      })
      .describe("where the answered turns' waits went: the wait (heard when recorded, else from timestamps) and its stages, each stage's percentile its own"),
  })
  .describe("The latency page's figures for a range and filters.");

export type LatencyReportJson = z.infer<typeof latencyReportSchema>;

const percentileJson = (r: PercentileRow) => ({ bucket: r.bucket.toISOString(), values: r.n, p50: r.p50, p90: r.p90, p95: r.p95, p99: r.p99 });
const groupJson = (r: GroupRow) => ({ key: r.key, agent_id: r.agentId, values: r.n, p50: r.p50, p95: r.p95, p99: r.p99, max: r.max, over_threshold: r.over });
const shiftJson = (s: Shift | null | undefined) =>
  s ? { before: s.before, after: s.after, change: s.change, low: s.low, high: s.high, significant: s.significant } : null;
const byStage = <T>(value: (m: StageMetric) => T) =>
  Object.fromEntries(STAGE_METRICS.map((m) => [STAGE_FIELDS[m], value(m)])) as Record<(typeof STAGE_FIELDS)[StageMetric], T>;
const percentiles = (p: StagePercentiles) => byStage((m) => p[m]);

export function latencyReportJson(
  filters: LatencyFilters,
  figures: LatencyFigures,
  comparisons: Map<string, DeploymentComparison>,
  byVersion: GroupRow[] | null,
  stages: StageLatency,
): LatencyReportJson {
  return {
    metric: filters.metric,
    range: filters.range,
    from: figures.window.from.toISOString(),
    to: figures.window.to.toISOString(),
    time_zone: filters.tz,
    bucket: figures.bucket.unit,
    series: figures.series.map(percentileJson),
    by_agent: figures.byAgent.map(groupJson),
    by_deployment: figures.byDeployment.map((r) => {
      const c = comparisons.get(r.key);
      return { ...groupJson(r), previous_deployment_id: c?.previousId ?? null, p50_shift: shiftJson(c?.p50), p95_shift: shiftJson(c?.p95) };
    }),
    by_version: byVersion?.map(groupJson) ?? null,
    stages: {
      group: stages.group,
      groups: stages.groups.map((g) => ({
        key: g.key,
        label: g.label,
        agent_id: g.agentId,
        answered_turns: g.waits,
        p50: percentiles(g.p50),
        p95: percentiles(g.p95),
        values: byStage((m) => g.n[m]),
      })),
      series: byStage((m) => stages.figures[m].series.map(percentileJson)),
      comparisons: stages.comparisons.map((c) => ({
        deployment_id: c.deploymentId,
        previous_deployment_id: c.previousId,
        sentence: c.sentence,
        p50: byStage((m) => shiftJson(c.p50[m])),
        p95: byStage((m) => shiftJson(c.p95[m])),
      })),
    },
  };
}
