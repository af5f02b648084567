// What POST /api/v1/sync takes: which agent, from when, how many calls at most.
import { z } from "zod";

export const syncRequestSchema = z.object({
  agent_id: z.string().min(1).max(256).optional(),
  since: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.number().int().min(1).max(1_000_000).optional(),
});
