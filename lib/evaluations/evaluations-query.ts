// The query of GET /api/v1/evaluations: its handler parses it, the OpenAPI document describes it.
import { z } from "zod";

export const evaluationsQuerySchema = z.object({ agent_id: z.string().max(256).optional().describe("only this agent's") });
