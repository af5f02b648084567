// Which metric names measure each stage of a turn's wait: set in Settings →
// Latency (the `latency_stages` row of settings), or by LATENCY_STAGE_METRICS,
// which wins over the page. Read through a short cache, so that every instance
// sees a change within a few seconds.
import { storedSetting } from "@/lib/db/settings-table";
import { env } from "@/lib/env";
import { DEFAULT_STAGE_METRICS, parseStageMetrics, type StageMetrics, stageMetricsSchema } from "@/lib/stage-metrics";

export const STAGE_SETTINGS_KEY = "latency_stages";

export type StageSettings = { metrics: StageMetrics; stored: StageMetrics; fixedByEnv: boolean };

/** The stored mapping with the environment's over it. */
export function withEnv(stored: StageMetrics): StageSettings {
  const fromEnv = env().LATENCY_STAGE_METRICS;
  return { metrics: fromEnv !== undefined ? parseStageMetrics(fromEnv) : stored, stored, fixedByEnv: fromEnv !== undefined };
}

const setting = storedSetting({
  key: STAGE_SETTINGS_KEY,
  schema: stageMetricsSchema,
  fallback: () => DEFAULT_STAGE_METRICS,
  cache: "stage-settings",
  inForce: withEnv,
});

/** The stored mapping; the defaults when none is stored. */
export const readStoredStageMetrics = setting.read;

/** The mapping in force, at most a few seconds old. */
export const stageSettings = setting.current;

export const saveStageMetrics = setting.save;
