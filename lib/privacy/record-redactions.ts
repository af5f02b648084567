// What was redacted from each call, as counts per kind on the call's row.
// A webhook delivery or an API call object restates the transcript, so its
// counts are merged by the larger of old and new; telemetry items are each
// new, so theirs add up. With recordings of redacted calls dropped, a call's
// recording goes as soon as something of the call was redacted.
import type { PoolClient } from "pg";
import { hasCounts, type RedactionCounts } from "./redact";

export type CallRedactions = { callId: string; counts: RedactionCounts };

/** Records the counts; returns the storage keys of recordings dropped, to remove once the transaction commits. */
export async function recordRedactions(
  client: PoolClient,
  entries: CallRedactions[],
  options: { merge: "max" | "sum"; dropAudio: boolean },
): Promise<string[]> {
  const byCall = new Map<string, RedactionCounts>();
  for (const { callId, counts } of entries) {
    if (!hasCounts(counts)) continue;
    const held = byCall.get(callId) ?? {};
    for (const [kind, n] of Object.entries(counts) as [keyof RedactionCounts, number][]) {
      held[kind] = options.merge === "sum" ? (held[kind] ?? 0) + n : Math.max(held[kind] ?? 0, n);
    }
    byCall.set(callId, held);
  }
  if (!byCall.size) return [];
  const ids = [...byCall.keys()].sort();
  const combine =
    options.merge === "sum"
      ? "coalesce((c.redactions->>k)::int, 0) + coalesce((i.counts->>k)::int, 0)"
      : "greatest(coalesce((c.redactions->>k)::int, 0), coalesce((i.counts->>k)::int, 0))";
  await client.query(
    `update calls c set redactions = (select jsonb_object_agg(k, ${combine}) from jsonb_object_keys(coalesce(c.redactions, '{}'::jsonb) || i.counts) k)
     from jsonb_to_recordset($1::jsonb) as i(call_id text, counts jsonb)
     where c.id = i.call_id`,
    [JSON.stringify(ids.map((id) => ({ call_id: id, counts: byCall.get(id) })))],
  );
  if (!options.dropAudio) return [];
  const dropped = await client.query("delete from recordings where call_id = any($1::text[]) returning storage_key", [ids]);
  await client.query(
    "update calls set recording_status = 'dropped' where id = any($1::text[]) and recording_status in ('none', 'pending', 'stored', 'failed', 'unavailable')",
    [ids],
  );
  return dropped.rows.map((r) => r.storage_key as string);
}
