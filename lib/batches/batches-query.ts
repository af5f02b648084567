// The query of GET /api/v1/batches: its handler parses it, the OpenAPI document describes it.
import { z } from "zod";

export const batchesQuerySchema = z.object({
  agent_id: z.string().min(1).max(256).optional().describe("only this agent's"),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe("1 to 500, default 100"),
});
