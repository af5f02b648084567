// An agent in the API: its numbers, in snake_case.
import { z } from "zod";
import type { AgentRow } from "./list-agents";

export const agentSchema = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  calls: z.int(),
  failed_calls: z.int(),
  last_call_at: z.iso.datetime().nullable(),
  tts_ttfb_p50: z.number().nullable().describe("seconds"),
  tts_ttfb_p95: z.number().nullable().describe("seconds"),
  tts_ttfb_p99: z.number().nullable().describe("seconds"),
  response_gap_p50_ms: z.number().nullable().describe("response gaps from the turns' timestamps"),
  response_gap_p95_ms: z.number().nullable(),
  heard_gap_p50_ms: z.number().nullable().describe("response gaps heard in the recordings"),
  dead_air_rate: z.number().nullable().describe("the share of measured calls with dead air"),
});

export function agentJson(a: AgentRow): z.infer<typeof agentSchema> {
  return {
    id: a.id,
    name: a.name,
    calls: a.calls,
    failed_calls: a.failed,
    last_call_at: a.lastCallAt?.toISOString() ?? null,
    tts_ttfb_p50: a.ttfbP50,
    tts_ttfb_p95: a.ttfbP95,
    tts_ttfb_p99: a.ttfbP99,
    response_gap_p50_ms: a.conversation.gapP50,
    response_gap_p95_ms: a.conversation.gapP95,
    heard_gap_p50_ms: a.conversation.heardGapP50,
    dead_air_rate: a.conversation.deadAirRate,
  };
}
