// What an agent (or a forwarder) sends over the telemetry API: every frame
// Line's ConversationRunner sends over its /ws websocket (line/_harness_types.py
// of the Line SDK: log_event, log_metric, tool_call, end_call, transfer, dtmf,
// error, custom, message, config), accepted as it is, plus `log` for a logging
// statement. Each may also carry a timestamp (seconds from the start of the
// call, or RFC 3339 wall time) and an id for idempotency.
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
/** Line fills responding_to with the id of the input event (a user turn) that triggered the output. */
const respondingTo = z.unknown().optional();
/** Names are whatever the agent's code chose; Line puts no limit on them, so neither is an empty one refused. */
const name = z.string().max(1000);
const common = { responding_to: respondingTo, timestamp: itemTimestamp, id: itemId };

export const logEventItem = z.looseObject({
  type: z.literal("log_event"),
  event: name,
  metadata: z.unknown().optional(),
  ...common,
});

export const logMetricItem = z.looseObject({
  type: z.literal("log_metric"),
  name,
  value: z.unknown().refine((v) => v !== undefined, "is required (any JSON value)"),
  ...common,
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

/**
 * ToolCallOutput: a call frame (result null) and, when the tool returns, a
 * frame with the same name, arguments and responding_to and its result (a
 * string cut at 30,000 characters by Line). `id` is the tool call's id when
 * the sender knows it (Line sends null).
 */
export const toolCallItem = z.looseObject({
  type: z.literal("tool_call"),
  name,
  arguments: z.unknown().optional(),
  result: z.unknown().optional(),
  ...common,
});

export const endCallItem = z.looseObject({ type: z.literal("end_call"), reason: z.string().max(1000).nullish(), ...common });
export const transferItem = z.looseObject({ type: z.literal("transfer"), target_phone_number: z.string().max(1000).nullish(), ...common });
export const dtmfItem = z.looseObject({ type: z.literal("dtmf"), button: z.string().max(100).nullish(), ...common });
export const errorItem = z.looseObject({ type: z.literal("error"), content: z.string().max(100_000).nullish(), ...common });
export const customItem = z.looseObject({ type: z.literal("custom"), metadata: z.unknown().optional(), ...common });
export const messageItem = z.looseObject({ type: z.literal("message"), content: z.string().max(100_000).nullish(), ...common });
export const configItem = z.looseObject({ type: z.literal("config"), ...common });

export const telemetryItem = z.discriminatedUnion("type", [
  logEventItem,
  logMetricItem,
  logItem,
  toolCallItem,
  endCallItem,
  transferItem,
  dtmfItem,
  errorItem,
  customItem,
  messageItem,
  configItem,
]);
export type TelemetryItem = z.infer<typeof telemetryItem>;

/** A LogMessage of Line's SDK travels as a log_event whose metadata has a level and a message. */
export const logMessageMetadata = z.looseObject({
  level: z.string(),
  message: z.string(),
  metadata: z.unknown().optional(),
});
