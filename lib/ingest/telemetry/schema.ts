// What an agent (or a forwarder) sends over the telemetry API: the shapes of
// Line's bare websocket, `log_event` and `log_metric`, plus `log` for a
// logging statement. Each may carry a timestamp (seconds from the start of
// the call, or RFC 3339 wall time) and an id for idempotency.
import { z } from "zod";
import { rfc3339 } from "@/lib/cartesia/call-object";

export const itemTimestamp = z
  .union([
    z
      .number()
      .finite()
      .min(0)
      .max(7 * 86400),
    rfc3339,
  ])
  .nullish();
const itemId = z.string().min(1).max(200).nullish();

export const logEventItem = z.looseObject({
  type: z.literal("log_event"),
  event: z.string().min(1).max(500),
  metadata: z.unknown().optional(),
  responding_to: z.unknown().optional(),
  timestamp: itemTimestamp,
  id: itemId,
});

export const logMetricItem = z.looseObject({
  type: z.literal("log_metric"),
  name: z.string().min(1).max(500),
  value: z.unknown().refine((v) => v !== undefined, "is required (any JSON value)"),
  responding_to: z.unknown().optional(),
  timestamp: itemTimestamp,
  id: itemId,
});

export const logItem = z.looseObject({
  type: z.literal("log"),
  level: z.string().max(32).nullish(),
  message: z.string().max(100_000),
  timestamp: itemTimestamp,
  /** where the statement is in the code: `module:function:line`, as loguru's record has it */
  source: z.string().max(500).nullish(),
  /** loguru's bound values (`extra`), or any other object of fields: kept as the line's metadata */
  extra: z.record(z.string(), z.unknown()).nullish(),
  id: itemId,
});

export const telemetryItem = z.discriminatedUnion("type", [logEventItem, logMetricItem, logItem]);
export type TelemetryItem = z.infer<typeof telemetryItem>;

/** A LogMessage of Line's SDK travels as a log_event whose metadata has a level and a message. */
export const logMessageMetadata = z.looseObject({
  level: z.string(),
  message: z.string(),
  metadata: z.unknown().optional(),
});
