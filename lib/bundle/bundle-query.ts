// The query of GET /api/v1/calls/{id}/bundle: its handler parses it, the OpenAPI document describes it.
import { z } from "zod";

export const bundleQuerySchema = z.object({
  recording: z.enum(["true", "false"]).default("true").describe("`false` leaves the recording out"),
});
