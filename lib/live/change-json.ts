// What the live stream says: a change's id (the SSE event id), its kind and
// the ids it concerns, never content. Readers load what they need through
// the read API, which applies the same roles and redaction as everywhere.
import { z } from "zod";

export const CHANGE_KINDS = ["call.created", "call.status", "call.updated", "turn", "tool_call", "event", "recording", "conversation", "monitor"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Kinds only admins are told about: the monitors API is theirs alone. */
export const ADMIN_KINDS: ReadonlySet<string> = new Set<ChangeKind>(["monitor"]);

export const changeSchema = z
  .strictObject({
    id: z.string().describe("the change's id, also the event's id: field (send it back as Last-Event-ID)"),
    kind: z
      .enum(CHANGE_KINDS)
      .describe(
        "call.created (a call row appeared), call.status (its status changed), call.updated (another field shown in lists changed), turn (turns added or changed), tool_call, event (log events, metrics, log lines), recording (stored), conversation (what the caller heard, measured), monitor (a monitor changed state; admins only)",
      ),
    call_id: z.string().nullable(),
    agent_id: z.string().nullable().describe("the call's agent, as stored now"),
    monitor_id: z.string().nullable(),
    at: z.iso.datetime().describe("when the change was stored"),
  })
  .describe("One stored change, as the data of an SSE event.");

export type ChangeJson = z.infer<typeof changeSchema>;

export const resyncSchema = z
  .strictObject({
    kind: z.literal("resync"),
    reason: z
      .enum(["overflow", "expired"])
      .describe("overflow: the client read too slowly and events were dropped; expired: Last-Event-ID is older than what is kept"),
  })
  .describe("Some events were not delivered: reload what you show (this event has no id).");

/** Filter values: a kind, or `call` for every call.* kind. */
export const KIND_FILTERS = [...CHANGE_KINDS, "call"] as const;
