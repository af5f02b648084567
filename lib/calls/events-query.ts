// The query of GET /api/v1/events: its handler parses it, the OpenAPI document describes it.
import { z } from "zod";

export const eventsQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,18}$/, "must be an event id")
    .optional()
    .describe("an event id; only later events"),
});
