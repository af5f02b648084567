// The filters of the calls list, as they appear in a URL (the console's and
// the JSON API's): one schema so that a shared link means the same thing everywhere.
import { z } from "zod";
import { many, searchObject } from "@/lib/http/search-params";
import { API_FILTER_NAMES } from "./api-filter-names";
import { type CursorKind, decodeCursor } from "@/lib/http/cursor";
import { timeFilter } from "@/lib/http/time-filter";

const seconds = z
  .union([z.literal(""), z.coerce.number().min(0).max(1e7)])
  .optional()
  .transform((v) => (v === "" || v === undefined ? undefined : v));

export const CALL_SORTS = ["newest", "oldest", "longest", "slowest"] as const;
/** What each sort's cursor holds. */
export const CURSOR_KINDS: Record<(typeof CALL_SORTS)[number], CursorKind> = { newest: "time", oldest: "time", longest: "number", slowest: "number" };
export const RANGE_PRESETS = { "1h": 3600, "24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400 } as const;

export const callFiltersSchema = z
  .object({
    agent: many.describe("agent id; repeat or comma-separate for several"),
    status: many.describe("status; repeatable"),
    deployment: many.describe("deployment id; repeatable"),
    /** Cartesia batch ids (outbound campaigns) */
    batch: many.describe("Cartesia batch id; repeatable"),
    /** cause ids (lib/causes): calls that have any of these causes */
    cause: many.describe("cause id (GET /api/v1/causes): calls that have it; repeatable"),
    range: z
      .enum(Object.keys(RANGE_PRESETS) as [keyof typeof RANGE_PRESETS])
      .optional()
      .catch(undefined)
      .describe("1h, 24h, 7d or 30d, instead of from and to"),
    from: timeFilter.describe("RFC 3339 time or date (years 1 to 9999)"),
    to: timeFilter.describe("RFC 3339 time or date (years 1 to 9999)"),
    recording: z.enum(["yes", "no"]).optional().catch(undefined).describe("yes or no"),
    q: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((v) => v || undefined)
      .describe("search: transcript words (each also as a word's start), a call id, or a phone number; quotes, OR and -word as in web search"),
    end_reason: many.describe("end reason; repeatable"),
    /** duration bounds in seconds */
    min_duration: seconds.describe("shortest duration, seconds"),
    max_duration: seconds.describe("longest duration, seconds"),
    /** digits of the caller's or the called number, in any format */
    phone: z
      .string()
      .max(40)
      .optional()
      .transform((v) => v?.replace(/\D/g, "") || undefined)
      .describe("digits of the caller's or the called number, any format"),
    has_error: z.enum(["yes", "no"]).optional().catch(undefined).describe("yes or no: failed, an error message, or an error the agent logged"),
    /** a Cartesia evaluation metric's name, with `eval_value`: its value (true, false, a number, a text) or `failed` (not computed) */
    eval: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((v) => v || undefined)
      .describe("a Cartesia evaluation metric's name: calls with a result of it"),
    eval_value: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((v) => v || undefined)
      .describe("with eval: its value (true, false, a number, a text), or `failed` for results Cartesia could not compute"),
    has_tool_calls: z.enum(["yes", "no"]).optional().catch(undefined).describe("yes or no"),
    sort: z
      .enum(CALL_SORTS)
      .optional()
      .catch(undefined)
      .transform((v) => v ?? "newest")
      .describe("newest (default), oldest, longest, slowest"),
    cursor: z.string().max(500).optional().describe("next_page of the previous answer"),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(200)
      .optional()
      .catch(undefined)
      .transform((v) => v ?? 50)
      .describe("1..200, default 50"),
  })
  .superRefine((filters, ctx) => {
    if (filters.cursor && !decodeCursor(filters.cursor, CURSOR_KINDS[filters.sort])) {
      ctx.addIssue({ code: "custom", path: ["cursor"], message: "is not a cursor this list gave out (for this sort)" });
    }
  });

export type CallFilters = z.infer<typeof callFiltersSchema>;

/** Reads filters from URL search params (repeated keys allowed). */
export function parseCallFilters(params: URLSearchParams | Record<string, string | string[] | undefined>) {
  const object = params instanceof URLSearchParams ? searchObject(params) : Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  return callFiltersSchema.safeParse(object);
}

/** The filters back as URL search params, for links that keep the current view. */
export function filtersToParams(filters: Partial<CallFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const a of filters.agent ?? []) params.append("agent", a);
  for (const s of filters.status ?? []) params.append("status", s);
  for (const d of filters.deployment ?? []) params.append("deployment", d);
  for (const b of filters.batch ?? []) params.append("batch", b);
  for (const c of filters.cause ?? []) params.append("cause", c);
  if (filters.range) params.set("range", filters.range);
  if (filters.from) params.set("from", filters.from.toISOString());
  if (filters.to) params.set("to", filters.to.toISOString());
  if (filters.recording) params.set("recording", filters.recording);
  if (filters.q) params.set("q", filters.q);
  for (const r of filters.end_reason ?? []) params.append("end_reason", r);
  if (filters.min_duration !== undefined) params.set("min_duration", String(filters.min_duration));
  if (filters.max_duration !== undefined) params.set("max_duration", String(filters.max_duration));
  if (filters.phone) params.set("phone", filters.phone);
  if (filters.has_error) params.set("has_error", filters.has_error);
  if (filters.eval) params.set("eval", filters.eval);
  if (filters.eval_value) params.set("eval_value", filters.eval_value);
  if (filters.has_tool_calls) params.set("has_tool_calls", filters.has_tool_calls);
  if (filters.sort && filters.sort !== "newest") params.set("sort", filters.sort);
  return params;
}

/** Older spellings the API still reads. */
const API_ALIASES = { since: "from", until: "to" } as const;

function renameApiFilters(input: unknown): unknown {
  if (!input || typeof input !== "object") return input;
  const object: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  const renames = [...Object.entries(API_FILTER_NAMES).map(([console, api]) => [api, console]), ...Object.entries(API_ALIASES)];
  for (const [from, to] of renames) {
    if (object[from] === undefined) continue;
    const values = [object[to], object[from]].flat().filter((v) => v !== undefined);
    object[to] = values.length === 1 ? values[0] : values;
    delete object[from];
  }
  return object;
}

/** The filters in the API's names (agent_id, deployment_id, batch_id; `since` for `from`), read as the console's. */
export const apiCallFiltersSchema = z.preprocess(renameApiFilters, callFiltersSchema);

export function parseApiCallFilters(search: URLSearchParams) {
  return apiCallFiltersSchema.safeParse(searchObject(search));
}
