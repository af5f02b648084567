// Calls as Cartesia's API describes them, merged into what webhooks and
// telemetry already stored, by the same order-independent rules. A call that
// Cartesia redacted (`redacted_at`) loses its content here too.
import type { Pool } from "pg";
import { mutateCalls } from "./mutate-calls";
import { callObjectSource } from "./cartesia-webhook/apply-delivery";
import type { CallObject } from "@/lib/cartesia/call-object";
import { deleteCallContentIn, redactedWithContent } from "@/lib/privacy/delete-call-content";
import { withTransaction } from "@/lib/db/transaction";
import { privacy, redactionPolicy } from "@/lib/privacy/privacy-settings";
import { recordRedactions } from "@/lib/privacy/record-redactions";
import { redactValueForStore } from "@/lib/privacy/redact-for-store";

/** Returns the storage keys of recordings deleted with a redacted call's content, to remove once committed. */
export async function applyCallObjects(pool: Pool, received: CallObject[]): Promise<string[]> {
  if (!received.length) return [];
  // Personal data is replaced before anything is written, as for webhooks.
  const settings = await privacy(pool);
  const redactions = received.map((call) => {
    const { value, counts } = redactValueForStore(redactionPolicy(settings), call);
    return { call: value, counts };
  });
  const calls = redactions.map((r) => r.call);
  return withTransaction(pool, async (client) => {
    await mutateCalls(client, callObjectSource, calls);
    const redacted = await redactedWithContent(
      client,
      calls.map((c) => c.id),
    );
    const removed = await recordRedactions(
      client,
      redactions.map((r) => ({ callId: r.call.id, counts: r.counts })),
      { merge: "max", dropAudio: settings.redactAudio === "drop" },
    );
    for (const id of redacted) {
      const at = String((calls.find((c) => c.id === id) as { redacted_at?: unknown } | undefined)?.redacted_at ?? new Date().toISOString());
      removed.push(...(await deleteCallContentIn(client, [id], { at, by: "cartesia", reason: "cartesia_redacted" })));
      // What Cartesia keeps of a redacted call's telephony (call_sid, connection_type…) stays here too.
      const kept = calls.find((c) => c.id === id)?.telephony_params;
      if (kept) {
        await client.query("update calls set telephony = $2::jsonb, from_number = $3, to_number = $4 where id = $1", [
          id,
          JSON.stringify(kept),
          kept.from ?? null,
          kept.to ?? null,
        ]);
      }
    }
    return removed;
  });
}
