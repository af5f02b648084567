import { readFileSync } from "node:fs";
import path from "node:path";

/** The tests' own fixtures, in the shapes Cartesia documents. Nothing reads outside the repository. */
export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

export function fixture<T extends object = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8"));
}

/**
 * The typed `call_completed` delivery (webhooks/call_completed.call-object.json) for call `id` of `agent`:
 * `delivery`'s fields over the delivery's, `call`'s over its call object's.
 */
export function callObjectDelivery(id: string, agent: string, call: Record<string, unknown> = {}, delivery: Record<string, unknown> = {}) {
  const d = fixture("webhooks/call_completed.call-object.json");
  return { ...d, request_id: id, agent_id: agent, ...delivery, call: { ...d.call, id, agent_id: agent, ...call } };
}
