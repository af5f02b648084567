// Writes telemetry rows of one call in one transaction, creating a
// placeholder call when the webhooks have not described it yet. Rows with
// an external id that is already stored are skipped: a retry is a no-op.
import type { Pool } from "pg";
import { withTransaction } from "@/lib/db/transaction";
import type { EventRow } from "./event-rows";

export async function storeEvents(pool: Pool, callId: string, rows: EventRow[]): Promise<number> {
  if (!rows.length) return 0;
  return withTransaction(pool, async (client) => {
    await client.query("insert into calls (id) values ($1) on conflict (id) do nothing", [callId]);
    const result = await client.query(
      `insert into call_events (call_id, kind, name, level, message, value, metadata, responding_to, offset_s, wall_time, source, external_id, extra)
       select r.call_id, r.kind, r.name, r.level, r.message, r.value, r.metadata, r.responding_to, r.offset_s, r.wall_time, r.source, r.external_id, r.extra
       from jsonb_to_recordset($1::jsonb) as r(call_id text, kind text, name text, level text, message text, value jsonb, metadata jsonb,
         responding_to jsonb, offset_s float8, wall_time timestamptz, source text, external_id text, extra jsonb)
       on conflict (call_id, external_id) do nothing`,
      [JSON.stringify(rows)],
    );
    return result.rowCount ?? 0;
  });
}
