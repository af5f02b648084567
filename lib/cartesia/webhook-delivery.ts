// The wire formats of Cartesia's call webhooks: the seed document's envelope
// (`body` holds the transcript turns) and the newer one with typed `call`,
// `turn` and `analysis` objects.
import { z } from "zod";
import { callObjectSchema, rfc3339, turnSchema } from "./call-object";

/** What every delivery has, whatever its type: enough to store it and find its call. */
export const envelopeSchema = z.looseObject({
  type: z.string().min(1).max(128),
  request_id: z.string().min(1).max(256),
  agent_id: z.string().min(1).max(256).nullish(),
  webhook_id: z.string().max(256).nullish(),
  timestamp: rfc3339,
});

const callEvent = envelopeSchema.extend({
  body: z.array(turnSchema).nullish(),
  call: callObjectSchema.nullish(),
});

export const knownDeliverySchema = z.discriminatedUnion("type", [
  callEvent.extend({ type: z.literal("call_started") }),
  callEvent.extend({ type: z.literal("call_completed") }),
  callEvent.extend({ type: z.literal("call_failed") }),
  envelopeSchema.extend({ type: z.literal("call_turn"), turn: turnSchema }),
  envelopeSchema.extend({
    type: z.literal("post_call_analysis"),
    analysis: z.looseObject({ summary: z.string().nullish() }),
  }),
]);

export const KNOWN_TYPES = ["call_started", "call_completed", "call_failed", "call_turn", "post_call_analysis"] as const;
export type KnownType = (typeof KNOWN_TYPES)[number];

export type KnownDelivery = z.infer<typeof knownDeliverySchema>;
export type Envelope = z.infer<typeof envelopeSchema>;

export function isKnownType(type: string): type is KnownType {
  return (KNOWN_TYPES as readonly string[]).includes(type);
}
