// Which metric names measure each stage of a turn's wait: set in Settings →
// Latency (the `latency_stages` row of settings), or by LATENCY_STAGE_METRICS,
// which wins over the page. Read through a short cache, so that every instance
// sees a change within a few seconds.
import type { Pool, PoolClient } from "pg";
import { env } from "@/lib/env";
import { processSlot } from "@/lib/process-singleton";
import { DEFAULT_STAGE_METRICS, parseStageMetrics, type StageMetrics, stageMetricsSchema } from "@/lib/stage-metrics";

export const STAGE_SETTINGS_KEY = "latency_stages";
const CACHE_MS = 5_000;

export type StageSettings = { metrics: StageMetrics; stored: StageMetrics; fixedByEnv: boolean };

export async function readStoredStageMetrics(db: Pool | PoolClient): Promise<StageMetrics> {
  const { rows } = await db.query("select value from settings where key = $1", [STAGE_SETTINGS_KEY]);
  const parsed = stageMetricsSchema.safeParse(rows[0]?.value ?? null);
  return parsed.success ? parsed.data : DEFAULT_STAGE_METRICS;
}

/** The stored mapping with the environment's over it. */
export function withEnv(stored: StageMetrics): StageSettings {
  const fromEnv = env().LATENCY_STAGE_METRICS;
  return { metrics: fromEnv !== undefined ? parseStageMetrics(fromEnv) : stored, stored, fixedByEnv: fromEnv !== undefined };
}

const cache = processSlot<{ at: number; settings: Promise<StageSettings> }>("stage-settings");

/** The mapping in force, at most a few seconds old. */
export function stageSettings(db: Pool): Promise<StageSettings> {
  const held = cache.get();
  if (held && Date.now() - held.at < CACHE_MS) return held.settings;
  const loading = readStoredStageMetrics(db).then(withEnv);
  loading.catch(() => cache.set(undefined));
  cache.set({ at: Date.now(), settings: loading });
  return loading;
}

export async function saveStageMetrics(db: Pool | PoolClient, value: StageMetrics): Promise<void> {
  await db.query(
    `insert into settings (key, value, updated_at) values ($1, $2::jsonb, now())
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [STAGE_SETTINGS_KEY, JSON.stringify(stageMetricsSchema.parse(value))],
  );
  cache.set(undefined);
}
