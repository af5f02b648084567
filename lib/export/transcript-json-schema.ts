// The schema of a transcript exported as JSON (one call) or as one line of
// JSON Lines: what integrations can rely on, checked by the tests.
import { z } from "zod";

const seconds = z.number().finite();

export const exportedTurnSchema = z.strictObject({
  index: z.number().int().min(0),
  role: z.string(),
  text: z.string(),
  start_timestamp: seconds,
  end_timestamp: seconds.nullable(),
  tts_ttfb: seconds.nullable(),
  stt_ttfb: seconds.nullable(),
  was_interrupted: z.boolean().nullable(),
  end_reason: z.string().nullable(),
  vad_buffer_ms: seconds.nullable(),
  text_chunks: z.unknown(),
  tool_calls: z.array(z.strictObject({ id: z.string().nullable(), name: z.string(), arguments: z.unknown(), result: z.unknown() })),
});

export const exportedEventSchema = z.strictObject({
  type: z.enum(["log_event", "log_metric", "log"]),
  name: z.string().nullable(),
  level: z.string().nullable(),
  message: z.string().nullable(),
  value: z.unknown(),
  metadata: z.unknown(),
  timestamp: seconds.nullable(),
  wall_time: z.string().nullable().optional(),
});

export const exportedTranscriptSchema = z.strictObject({
  call_id: z.string(),
  agent_id: z.string().nullable(),
  deployment_id: z.string().nullable(),
  status: z.string(),
  start_time: z.iso.datetime().nullable(),
  end_time: z.iso.datetime().nullable(),
  turns: z.array(exportedTurnSchema),
  events: z.array(exportedEventSchema).optional(),
});
