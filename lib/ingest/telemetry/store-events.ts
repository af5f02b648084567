// Writes telemetry rows of one call in one transaction, creating a
// placeholder call when the webhooks have not described it yet. Rows with
// an external id that is already stored are skipped: a retry is a no-op.
// Personal data in messages, values and metadata is redacted first.
import type { Pool } from "pg";
import { withTransaction } from "@/lib/db/transaction";
import { privacy, redactionPolicy } from "@/lib/privacy/privacy-settings";
import { recordRedactions } from "@/lib/privacy/record-redactions";
import { type RedactionCounts, redactJson, redactText } from "@/lib/privacy/redact";
import { storageFromEnv } from "@/lib/recordings/storage-from-env";
import type { EventRow } from "./event-rows";

export async function storeEvents(pool: Pool, callId: string, rows: EventRow[]): Promise<number> {
  if (!rows.length) return 0;
  const settings = await privacy(pool);
  const policy = redactionPolicy(settings);
  const counted = rows.map((row) => {
    const counts: RedactionCounts = {};
    const redacted: EventRow = {
      ...row,
      message: row.message === null ? null : redactText(row.message, policy, counts),
      value: redactJson(row.value, policy, counts),
      metadata: redactJson(row.metadata, policy, counts),
      responding_to: redactJson(row.responding_to, policy, counts),
      extra: redactJson(row.extra, policy, counts) as EventRow["extra"],
    };
    return { row: redacted, counts };
  });
  const { stored, dropped } = await withTransaction(pool, async (client) => {
    await client.query("insert into calls (id) values ($1) on conflict (id) do nothing", [callId]);
    const result = await client.query(
      `insert into call_events (call_id, kind, name, level, message, value, metadata, responding_to, offset_s, wall_time, source, external_id, extra, code_location)
       select r.call_id, r.kind, r.name, r.level, r.message, r.value, r.metadata, r.responding_to, r.offset_s, r.wall_time, r.source, r.external_id, r.extra, r.code_location
       from jsonb_to_recordset($1::jsonb) as r(call_id text, kind text, name text, level text, message text, value jsonb, metadata jsonb,
         responding_to jsonb, offset_s float8, wall_time timestamptz, source text, external_id text, extra jsonb, code_location text)
       on conflict (call_id, external_id) do nothing
       returning external_id`,
      [JSON.stringify(counted.map((c) => c.row))],
    );
    // Only rows stored now count: a retried batch redacts nothing new.
    const inserted = new Set(result.rows.map((r) => r.external_id as string | null));
    const fresh = counted.filter((c) => c.row.external_id === null || inserted.has(c.row.external_id));
    const dropped = await recordRedactions(
      client,
      fresh.map((c) => ({ callId, counts: c.counts })),
      { merge: "sum", dropAudio: settings.redactAudio === "drop" },
    );
    return { stored: result.rowCount ?? 0, dropped };
  });
  for (const key of dropped)
    await storageFromEnv()
      .remove(key)
      .catch(() => {});
  return stored;
}
