// The filters of the causes list, as the Problems page and
// GET /api/v1/causes read them from a query string.
import { z } from "zod";
import { CAUSE_KINDS } from "./call-causes";

export const CAUSE_STATES = ["new", "ongoing", "resolved", "regressed", "ignored"] as const;
export type CauseState = (typeof CAUSE_STATES)[number];
export const CAUSE_RANGES = { "24h": 1, "7d": 7, "14d": 14, "30d": 30, "90d": 90 } as const;

const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : String(v).split(",")), z.array(item).max(50));
const id = z.string().min(1).max(256);

export const causeFiltersSchema = z.object({
  agent_id: many(id).describe("only causes seen in these agents' calls (comma-separated or repeated)"),
  deployment_id: many(id).describe("only causes seen in these deployments' calls"),
  state: many(z.enum(CAUSE_STATES)).describe("new, ongoing, resolved, regressed, ignored; default every state but ignored and resolved"),
  kind: many(z.enum(CAUSE_KINDS)).describe("cartesia_error, agent_error, tool_error, transfer_failed, end_reason, dead_air, unexplained_failure"),
  q: z.string().trim().max(200).optional().describe("words the cause's title contains"),
  range: z
    .enum(Object.keys(CAUSE_RANGES) as [keyof typeof CAUSE_RANGES])
    .default("7d")
    .describe("the calls counted for impact: 24h, 7d (default), 14d, 30d, 90d"),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("1 to 200, default 50"),
});
export type CauseFilters = z.output<typeof causeFiltersSchema>;

/** The states shown when none is asked for: what still needs someone. */
export const OPEN_STATES: CauseState[] = ["new", "ongoing", "regressed"];
