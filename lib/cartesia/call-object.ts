// Cartesia's Call object and its transcript rows, as webhooks and the Calls
// API send them. Unknown fields are kept (loose objects) so that nothing
// Cartesia sends is lost.
import { z } from "zod";
import { parseRfc3339 } from "./timestamps";

/** Seconds from the call's start: a call of more than a week is not a call but a broken value. */
const seconds = z
  .number()
  .finite()
  .min(-3600)
  .max(7 * 86400);
const optionalSeconds = seconds.nullish();

export const rfc3339 = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/, "must be an RFC 3339 time, e.g. 2025-06-24T23:36:40.360473878Z")
  .refine((value) => parseRfc3339(value) !== null, "must be a real date and time");

export const toolCallSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string(),
  arguments: z.unknown().optional(),
  result: z.unknown().optional(),
});

export const logEventRowSchema = z.looseObject({
  event: z.string(),
  metadata: z.unknown().optional(),
  timestamp: optionalSeconds,
});

export const logMetricRowSchema = z.looseObject({
  name: z.string(),
  value: z.unknown(),
  timestamp: optionalSeconds,
});

export const turnSchema = z.looseObject({
  role: z.string().min(1).max(64),
  text: z.string().nullish(),
  start_timestamp: seconds,
  end_timestamp: optionalSeconds,
  tts_ttfb: optionalSeconds,
  stt_ttfb: optionalSeconds,
  vad_buffer_ms: optionalSeconds,
  was_interrupted: z.boolean().nullish(),
  end_reason: z.string().nullish(),
  text_chunks: z.array(z.looseObject({ text: z.string(), start_timestamp: optionalSeconds })).nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
  log_event: logEventRowSchema.nullish(),
  log_metric: logMetricRowSchema.nullish(),
});

export const callObjectSchema = z.looseObject({
  id: z.string().min(1).max(256),
  agent_id: z.string().min(1).max(256).nullish(),
  status: z.string().max(64).nullish(),
  start_time: rfc3339.nullish(),
  end_time: rfc3339.nullish(),
  end_reason: z.string().max(128).nullish(),
  deployment_id: z.string().min(1).max(256).nullish(),
  telephony_params: z.looseObject({ from: z.string().nullish(), to: z.string().nullish() }).nullish(),
  summary: z.string().nullish(),
  error_message: z.string().nullish(),
  agent_name: z.string().nullish(),
  metadata: z.unknown().optional(),
  /** Cartesia deleted the call's content at this time; the record stays */
  redacted_at: z.string().max(64).nullish(),
  /** zero data retention: no transcript or recording, by design */
  zdr_enabled: z.boolean().nullish(),
  batch_id: z.string().max(256).nullish(),
  deployment_version_id: z.string().max(256).nullish(),
  deployment_region: z.string().max(128).nullish(),
  transcript: z.array(turnSchema).nullish(),
});

export type Turn = z.infer<typeof turnSchema>;
export type CallObject = z.infer<typeof callObjectSchema>;
