// The live stream's filters, and which changes a client may see: members
// what the read API shows them (every call), admins also the monitors.
import { z } from "zod";
import { many } from "@/lib/http/search-params";
import { ADMIN_KINDS, CHANGE_KINDS, type ChangeJson, KIND_FILTERS } from "./change-json";

export const eventId = z.string().regex(/^\d{1,18}$/, "must be an event id");

export const streamQuerySchema = z.object({
  call_id: z.string().min(1).max(200).optional().describe("only changes of this call"),
  agent_id: z.string().min(1).max(200).optional().describe("only changes of this agent's calls"),
  kind: many.pipe(z.array(z.enum(KIND_FILTERS))).describe("only these kinds (repeat or separate with commas); `call` stands for every call.* kind"),
  last_event_id: eventId.optional().describe("as the Last-Event-ID header, for clients that cannot send one: replay what came after this id"),
});

export type StreamQuery = z.output<typeof streamQuerySchema>;

/** Whether a change is one this client asked for and may see. */
export function changeFilter(query: StreamQuery, admin: boolean): (change: ChangeJson) => boolean {
  const kinds = query.kind.length ? new Set(query.kind.flatMap((k) => (k === "call" ? CHANGE_KINDS.filter((c) => c.startsWith("call.")) : [k]))) : null;
  return (change) =>
    (admin || !ADMIN_KINDS.has(change.kind)) &&
    (!kinds || kinds.has(change.kind)) &&
    (!query.call_id || change.call_id === query.call_id) &&
    (!query.agent_id || change.agent_id === query.agent_id);
}
