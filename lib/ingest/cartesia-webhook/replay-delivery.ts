// Re-applies a stored delivery to its call. Applying is idempotent, so a
// replay of a delivery that was applied changes nothing; a delivery that was
// logged as invalid or of an unknown type is validated again and applied if
// it now passes.
import type { Pool } from "pg";
import { withTransaction } from "@/lib/db/transaction";
import { isKnownType, knownDeliverySchema } from "@/lib/cartesia/webhook-delivery";
import { fromStore, parseRedacted } from "@/lib/privacy/redact-for-store";
import { mutateCalls } from "../mutate-calls";
import { deliverySource } from "./apply-delivery";

export type ReplayResult = { ok: true; outcome: "applied" } | { ok: false; reason: string };

export const NO_SUCH_DELIVERY = "No such delivery.";

export async function replayDelivery(pool: Pool, id: string): Promise<ReplayResult> {
  const { rows } = await pool.query("select id, type, payload from webhook_deliveries where id = $1", [id]);
  const delivery = rows[0];
  if (!delivery) return { ok: false, reason: NO_SUCH_DELIVERY };
  if (!isKnownType(delivery.type)) return { ok: false, reason: `Callscope does not know how to apply ${delivery.type} deliveries; it is kept as it came.` };
  // The payload was redacted before it was stored.
  const parsed = parseRedacted(knownDeliverySchema, fromStore(delivery.payload));
  if (!parsed.success)
    return { ok: false, reason: `The delivery is still invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
  return withTransaction(pool, async (client) => {
    await mutateCalls(client, deliverySource, [parsed.data]);
    await client.query("update webhook_deliveries set outcome = 'applied', error = null where id = $1", [id]);
    return { ok: true, outcome: "applied" } as const;
  });
}
