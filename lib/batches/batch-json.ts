// Call batches in the read API: Cartesia's fields in Cartesia's names, and
// the outcomes of the calls Callscope holds.
import { z } from "zod";
import type { BatchDetail, BatchView } from "./get-batches";

const text = z.string().nullable();
const count = z.number().int().nullable();
const outcome = z.strictObject({ key: z.string(), calls: z.number().int() });

export const batchSchema = z
  .looseObject({
    id: z.string(),
    name: text.describe("the batch's label at Cartesia; null until a sync has described the batch"),
    agent_id: text,
    status: text.describe("Cartesia's: pending, in_progress, completed, failed or cancelled"),
    total_calls_scheduled: count,
    total_calls_dispatched: count,
    total_calls_finished: count,
    created_at: text,
    last_updated_at: text,
    scheduled_at: text,
    synced_at: text.describe("when Callscope last read it from Cartesia; null when only its calls name it"),
    calls: z.number().int().describe("calls of this batch that Callscope holds"),
  })
  .describe("A Cartesia call batch (an outbound campaign); other fields Cartesia sends (region, retry_count…) are kept as sent.");

export const batchDetailSchema = batchSchema
  .extend({
    recipients: z.array(z.unknown()).nullable().describe("as GET /agents/calls/batches/{id} gave them"),
    outcomes: z.strictObject({ by_status: z.array(outcome), by_end_reason: z.array(outcome) }),
  })
  .describe("One call batch with its recipients and the outcomes of its calls.");

export function batchJson(b: BatchView) {
  const { recipients: _recipients, ...rest } = b.extra ?? {};
  void _recipients;
  return {
    ...rest,
    id: b.id,
    name: b.name,
    agent_id: b.agentId,
    status: b.status,
    total_calls_scheduled: b.totalCallsScheduled,
    total_calls_dispatched: b.totalCallsDispatched,
    total_calls_finished: b.totalCallsFinished,
    created_at: b.createdAt,
    last_updated_at: b.lastUpdatedAt,
    scheduled_at: b.scheduledAt,
    synced_at: b.syncedAt,
    calls: b.calls,
  };
}

export function batchDetailJson(b: BatchDetail) {
  const recipients = b.extra?.recipients;
  return {
    ...batchJson(b),
    recipients: Array.isArray(recipients) ? recipients : null,
    outcomes: {
      by_status: b.byStatus.map((o) => ({ key: o.key, calls: o.n })),
      by_end_reason: b.byEndReason.map((o) => ({ key: o.key, calls: o.n })),
    },
  };
}
