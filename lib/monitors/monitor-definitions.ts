// The figures a monitor can watch, the states a figure puts it in, and how
// both read: no database here, so the console's forms can use it too.
import { formatMilliseconds } from "@/lib/format";

export const MONITOR_METRICS = {
  tts_ttfb_p95_ms: { label: "p95 tts_ttfb", unit: "ms", fires: "above", values: "assistant turns" },
  response_gap_p95_ms: { label: "p95 response gap", unit: "ms", fires: "above", values: "response gaps" },
  stage_endpointing_p95_ms: { label: "p95 endpointing", unit: "ms", fires: "above", values: "answered turns with endpointing" },
  stage_stt_p95_ms: { label: "p95 speech-to-text", unit: "ms", fires: "above", values: "answered turns with speech-to-text" },
  stage_llm_p95_ms: { label: "p95 LLM", unit: "ms", fires: "above", values: "answered turns with an LLM figure" },
  stage_tts_p95_ms: { label: "p95 text-to-speech", unit: "ms", fires: "above", values: "answered turns with text-to-speech" },
  stage_unattributed_p95_ms: { label: "p95 unattributed wait", unit: "ms", fires: "above", values: "answered turns" },
  failure_rate: { label: "Failure rate", unit: "ratio", fires: "above", values: "finished calls" },
  dead_air_rate: { label: "Dead-air rate", unit: "ratio", fires: "above", values: "analysed calls" },
  no_calls: { label: "Calls started", unit: "calls", fires: "at_most", values: null },
  unfinished_calls: { label: "Unfinished calls", unit: "calls", fires: "above", values: null },
  evaluation_fail_rate: { label: "Evaluation fail rate", unit: "ratio", fires: "above", values: "evaluation results" },
  new_causes: { label: "New causes", unit: "causes", fires: "above", values: null },
  regressed_causes: { label: "Regressed causes", unit: "causes", fires: "above", values: null },
  cause_rate: { label: "Share of calls with the cause", unit: "ratio", fires: "above", values: "finished calls" },
} as const;

/** Figures that count causes as they appear: another one while firing is news, so it notifies again. */
export const CAUSE_EVENT_METRICS: readonly MonitorMetric[] = ["new_causes", "regressed_causes"];

export type MonitorMetric = keyof typeof MONITOR_METRICS;
export const MONITOR_METRIC_NAMES = Object.keys(MONITOR_METRICS) as [MonitorMetric, ...MonitorMetric[]];

/** What is measured: the figure and how many values it was made of (calls, for the counts). */
export type Figure = { value: number | null; count: number; causes?: FigureCause[] };
export type MonitorScope = {
  metric: MonitorMetric;
  agentId: string | null;
  deploymentId: string | null;
  evaluation: string | null;
  /** for cause_rate: the cause; none counts calls with any cause */
  causeId?: string | null;
  windowMinutes: number;
};

/** The causes a cause figure is made of (the newest first), for the notification's links. */
export type FigureCause = { id: string; title: string };

export type MonitorState = "ok" | "firing" | "no_data";

/** The state a figure puts a monitor in. */
export function stateFor(monitor: { metric: MonitorMetric; threshold: number; minValues: number }, figure: Figure): MonitorState {
  const definition = MONITOR_METRICS[monitor.metric];
  if (figure.value === null || (definition.values !== null && figure.count < monitor.minValues)) return "no_data";
  const breached = definition.fires === "above" ? figure.value > monitor.threshold : figure.value <= monitor.threshold;
  return breached ? "firing" : "ok";
}

/** A figure as a person reads it: "1,840 ms", "12.5%", "3 calls". */
export function formatFigure(metric: MonitorMetric, value: number | null): string {
  if (value === null) return "no data";
  const unit = MONITOR_METRICS[metric].unit;
  if (unit === "ms") return formatMilliseconds(value);
  if (unit === "ratio") return `${Number((value * 100).toFixed(1))}%`;
  if (unit === "causes") return `${value} ${value === 1 ? "cause" : "causes"}`;
  return `${value} ${value === 1 ? "call" : "calls"}`;
}

/** The condition that fires, e.g. "p95 tts_ttfb above 1,200 ms". */
export function describeCondition(metric: MonitorMetric, threshold: number): string {
  const definition = MONITOR_METRICS[metric];
  return `${definition.label} ${definition.fires === "above" ? "above" : "at most"} ${formatFigure(metric, threshold)}`;
}
