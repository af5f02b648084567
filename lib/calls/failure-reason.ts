// Why a call failed, in one line, for the call's header and the calls list:
// Cartesia's error message when it sent one, else the last error the agent
// logged during the call, else the end reason.
import type { EventView } from "./get-call";

export type FailureReason = { text: string; source: "cartesia" | "agent_log" | "end_reason" };

/** The log levels that count as an error, here and in the calls list's SQL. */
export const ERROR_LEVELS = ["error", "critical", "fatal", "exception"] as const;
const ERROR_LEVEL_SET = new Set<string>(ERROR_LEVELS);

/** The same test in SQL, over a call event `e`. */
export const ERROR_LEVEL_SQL = `lower(e.level) in (${ERROR_LEVELS.map((l) => `'${l}'`).join(", ")})`;

export function failureReason(
  call: { status: string; errorMessage: string | null; endReason: string | null },
  events: Pick<EventView, "level" | "message" | "name">[] = [],
): FailureReason | null {
  if (call.errorMessage) return { text: call.errorMessage, source: "cartesia" };
  if (call.status !== "failed") return null;
  const logged = events.findLast((e) => e.level && ERROR_LEVEL_SET.has(e.level.toLowerCase()) && (e.message || e.name));
  if (logged) return { text: logged.message ?? logged.name ?? "", source: "agent_log" };
  if (call.endReason) return { text: call.endReason, source: "end_reason" };
  return null;
}
