// The latency page's settings, as they appear in its URL.
import { z } from "zod";
import { many } from "@/lib/http/search-params";

let zones: Set<string> | undefined;

/** The IANA time zones this runtime knows (and so can bucket by), with UTC. */
export function timeZones(): string[] {
  zones ??= new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  return [...zones];
}

/**
 * A zone from that list, or another IANA name the runtime resolves (links
 * such as Asia/Kolkata beside Asia/Calcutta); never an offset or POSIX string,
 * which Postgres would read with the opposite sign.
 */
export function isTimeZone(value: string): boolean {
  if (!zones) timeZones();
  if (zones!.has(value)) return true;
  if (!/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)+$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const LATENCY_RANGES = { "6h": 6 * 3600, "24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400 } as const;

/** The figures the latency page charts: Cartesia's, the response gaps, the stages of the wait, and logged metrics named *_ms. */
export const LATENCY_METRIC_PATTERN =
  /^(tts_ttfb|stt_ttfb|response_gap|heard_gap|stage_(wait|endpointing|stt|llm|tts|unattributed)|[A-Za-z0-9_.:-]{1,200}_ms)$/;

export const latencyFiltersSchema = z.object({
  range: z
    .enum(Object.keys(LATENCY_RANGES) as [keyof typeof LATENCY_RANGES])
    .catch("7d")
    .default("7d"),
  agent: many,
  deployment: many,
  /** tts_ttfb, stt_ttfb, response_gap, heard_gap, a stage of the wait (stage_llm, …), or a metric whose name ends in _ms */
  metric: z.string().regex(LATENCY_METRIC_PATTERN).catch("tts_ttfb").default("tts_ttfb"),
  /** the share of values above this many milliseconds is shown per agent and deployment */
  threshold: z.coerce.number().int().min(1).max(60_000).catch(600).default(600),
  compare: z.enum(["none", "agent"]).catch("none").default("none"),
  /** the stage view: one waterfall per agent, deployment or Cartesia deployment version */
  stages: z.enum(["agent", "deployment", "version"]).catch("agent").default("agent"),
  /** the per-deployment table: by deployment, or by Cartesia's deployment version (exact, over the raw values) */
  group: z.enum(["deployment", "version"]).catch("deployment").default("deployment"),
  /** IANA time zone for day buckets; an unknown one falls back to UTC (the page says so) */
  tz: z.string().max(64).refine(isTimeZone).catch("UTC").default("UTC"),
});

export type LatencyFilters = z.infer<typeof latencyFiltersSchema>;
