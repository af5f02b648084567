// The schema of a transcript exported as JSON (one call) or as one line of
// JSON Lines: what integrations can rely on, checked by the tests.
import { z } from "zod";
import { conversationSchema, turnSchema } from "@/lib/calls/call-json";
import { EVENT_KINDS } from "@/lib/calls/event-kinds";

const seconds = z.number().finite();

/** A turn as the read API gives it (call-json.ts), with its place in the transcript. */
export const exportedTurnSchema = turnSchema.extend({ index: z.number().int().min(0) });

export const exportedEventSchema = z.strictObject({
  type: z.enum(EVENT_KINDS),
  name: z.string().nullable(),
  level: z.string().nullable(),
  message: z.string().nullable(),
  value: z.unknown(),
  metadata: z.unknown(),
  timestamp: seconds.nullable(),
  wall_time: z.string().nullable(),
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
