// The webhook writer: a batch of authenticated deliveries in one transaction.
// Each delivery is logged raw; the new ones of a known type are applied to
// their calls. A retried delivery (same bytes) is found by its dedup key and
// changes nothing.
import type { Pool, PoolClient } from "pg";
import { withTransaction } from "@/lib/db/transaction";
import { mutateCalls, referenceParams, referencesCte } from "../mutate-calls";
import { deliverySource } from "./apply-delivery";
import type { KnownDelivery } from "@/lib/cartesia/webhook-delivery";
import { recordRedactions } from "@/lib/privacy/record-redactions";
import type { RedactionCounts } from "@/lib/privacy/redact";
import type { Redacted } from "@/lib/privacy/redact-for-store";
import { ENRICH_CALL_JOB, ENRICH_CALL_KEY_PREFIX } from "@/lib/jobs/job-kinds";

export type PreparedDelivery = {
  dedupKey: string;
  type: string;
  callId: string | null;
  agentId: string | null;
  webhookId: string | null;
  eventTime: string | null;
  eventTimeNs: bigint | null;
  outcome: "applied" | "unknown_type" | "invalid";
  error: unknown;
  /** the request body as it is stored (redacted), already known to be valid JSON */
  rawJson: Redacted<string>;
  secretId: string | null;
  known: Redacted<KnownDelivery> | null;
  /** what was redacted from it before it got here */
  redactions: RedactionCounts | null;
  /** whether the policy drops the recording of a call where something was redacted */
  dropAudio?: boolean;
};

export type StoredDelivery = {
  deliveryId: string | null;
  outcome: "applied" | "duplicate" | "unknown_type" | "invalid";
  /** recordings dropped because something of their call was redacted, to remove from storage */
  droppedRecordings?: string[];
};

/** Builds the recordset parameter by splicing the raw bodies in, so that large payloads are not parsed and serialised again. */
function deliveryRecordset(items: PreparedDelivery[]): string {
  const rows = items.map((d) => {
    const fields = JSON.stringify({
      dedup_key: d.dedupKey,
      type: d.type,
      call_id: d.callId,
      agent_id: d.agentId,
      webhook_id: d.webhookId,
      event_time: d.eventTime,
      event_time_ns: d.eventTimeNs === null ? null : d.eventTimeNs.toString(),
      outcome: d.outcome,
      error: d.error ?? null,
      secret_id: d.secretId,
    });
    return `${fields.slice(0, -1)},"payload":${d.rawJson}}`;
  });
  return `[${rows.join(",")}]`;
}

/** Logs the deliveries and creates the agents and deployments they name, in one statement. */
async function insertDeliveries(client: PoolClient, items: PreparedDelivery[]): Promise<Map<string, string>> {
  const refs = referenceParams(
    deliverySource,
    items.flatMap((d) => (d.known ? [d.known] : [])),
  );
  const result = await client.query(
    `with ${referencesCte("$2", "$3")}
     insert into webhook_deliveries (dedup_key, type, call_id, agent_id, webhook_id, event_time, event_time_ns, outcome, error, payload, secret_id)
     select r.dedup_key, r.type, r.call_id, r.agent_id, r.webhook_id, r.event_time, r.event_time_ns, r.outcome, r.error, coalesce(r.payload, 'null'::jsonb), r.secret_id
     from jsonb_to_recordset($1::jsonb) as r(dedup_key text, type text, call_id text, agent_id text, webhook_id text,
       event_time text, event_time_ns bigint, outcome text, error jsonb, payload jsonb, secret_id text)
     on conflict (dedup_key) do nothing
     returning id, dedup_key`,
    [deliveryRecordset(items), ...refs],
  );
  return new Map(result.rows.map((row) => [row.dedup_key as string, String(row.id)]));
}

/** With `enrich`, a call that finishes gets a job to fetch its full record, recording and logs from Cartesia. */
export async function storeDeliveries(pool: Pool, items: PreparedDelivery[], options: { enrich?: boolean } = {}): Promise<StoredDelivery[]> {
  return withTransaction(pool, async (client) => {
    const inserted = await insertDeliveries(client, items);
    // The same bytes twice in one batch: only the first is new.
    const claimed = new Set<string>();
    const fresh = items.map((d) => {
      const isNew = inserted.has(d.dedupKey) && !claimed.has(d.dedupKey);
      claimed.add(d.dedupKey);
      return isNew;
    });
    // The agents and deployments they name were made with the deliveries, in one statement.
    await mutateCalls(
      client,
      deliverySource,
      items.flatMap((d, i) => (fresh[i] && d.outcome === "applied" && d.known ? [d.known] : [])),
      { referencesMade: true },
    );
    const redacted = items.filter((d, i) => fresh[i] && d.callId && d.redactions);
    const dropped = await recordRedactions(
      client,
      redacted.map((d) => ({ callId: d.callId!, counts: d.redactions! })),
      { merge: "max", dropAudio: redacted.some((d) => d.dropAudio) },
    );
    if (options.enrich) {
      const finished = [
        ...new Set(items.filter((d, i) => fresh[i] && d.callId && (d.type === "call_completed" || d.type === "call_failed")).map((d) => d.callId!)),
      ].sort();
      if (finished.length) {
        await client.query(
          `insert into jobs (kind, key, payload) select $2, $3 || id, jsonb_build_object('call_id', id) from unnest($1::text[]) id
           on conflict (key) do nothing`,
          [finished, ENRICH_CALL_JOB, ENRICH_CALL_KEY_PREFIX],
        );
        await client.query("update calls set recording_status = 'pending' where id = any($1::text[]) and recording_status = 'none'", [finished]);
      }
    }
    return items.map((d, i) => ({
      deliveryId: inserted.get(d.dedupKey) ?? null,
      outcome: fresh[i] ? d.outcome : ("duplicate" as const),
      ...(i === 0 && dropped.length ? { droppedRecordings: dropped } : {}),
    }));
  });
}
