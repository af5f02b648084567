// An agent in the API: its numbers, in snake_case.
import { z } from "zod";
import { conversationStatsFields, conversationStatsJson } from "@/lib/conversation/conversation-stats";
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
  ...conversationStatsFields,
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
    ...conversationStatsJson(a.conversation),
  };
}
