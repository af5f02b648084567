// A "from" or "to" query parameter: a date or time Postgres and JavaScript
// both take, parsed once for every list that filters by time.
import { z } from "zod";
import { inStoredRange } from "./cursor";

export const timeFilter = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    // A time without a zone (what a datetime-local field sends) is UTC, whatever the server's zone.
    const date = new Date(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) ? `${v}Z` : v);
    if (!inStoredRange(date)) {
      ctx.addIssue({ code: "custom", message: "must be a date or time between the years 1 and 9999, e.g. 2025-06-24 or 2025-06-24T23:36:40Z" });
      return z.NEVER;
    }
    return date;
  });
