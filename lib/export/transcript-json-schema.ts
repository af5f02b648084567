// The schema of a transcript exported as JSON (one call) or as one line of
// JSON Lines: what integrations can rely on, checked by the tests.
import { z } from "zod";
import { callEventSchema, conversationSchema, turnSchema } from "@/lib/calls/call-json";

/** A turn as the read API gives it (call-json.ts), with its place in the transcript. */
export const exportedTurnSchema = turnSchema.extend({ index: z.number().int().min(0) });

/** An event as the read API gives it (call-json.ts): what it says, and where and when it stands. */
export const exportedEventSchema = callEventSchema.pick({
  type: true,
  name: true,
  level: true,
  message: true,
  value: true,
  metadata: true,
  timestamp: true,
  wall_time: true,
});

export const exportedTranscriptSchema = z.strictObject({
  call_id: z.string(),
  agent_id: z.string().nullable(),
  deployment_id: z.string().nullable(),
  status: z.string(),
  start_time: z.iso.datetime().nullable(),
  end_time: z.iso.datetime().nullable(),
  turns: z.array(exportedTurnSchema),
  conversation: conversationSchema.nullable(),
  events: z.array(exportedEventSchema).optional(),
  causes: z
    .array(z.object({ id: z.string(), kind: z.string(), title: z.string() }))
    .optional()
    .describe("with include=causes: the call's causes (see /api/v1/causes/{id})"),
});

export type ExportedTranscript = z.infer<typeof exportedTranscriptSchema>;
