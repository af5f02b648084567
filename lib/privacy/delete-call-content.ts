// Deleting what Callscope keeps of a call's content, while the call's record
// stays: when Cartesia reports that it redacted the call (`redacted_at`), and
// when an admin deletes it here. Gone: transcript turns and tool calls,
// summary, phone numbers and telephony parameters, metadata, the call object's other fields (`extra`), log events,
// metrics and log lines, Cartesia's evaluation results, the recording, and the raw webhook deliveries (they
// hold the transcript too). Kept: ids, agent, deployment, status, times,
// duration, end reason, and who deleted what and when. Latency figures stop
// counting the call's turns (their hours are rebuilt).
import type { Pool, PoolClient } from "pg";
import { withTransaction } from "@/lib/db/transaction";
import type { RecordingStorage } from "@/lib/recordings/storage";

/** What a call's `extra` keeps after its content goes: what places the call (its batch, deployment version and region, Cartesia's redaction, zero data retention), never content. */
const EXTRA_KEPT = ["batch_id", "deployment_version_id", "deployment_region", "redacted_at", "zdr_enabled"];

export type DeletedContent = { at: string; by: string; reason: "cartesia_redacted" | "deleted_here" | "retention" | "erased" };

/**
 * Deletes the content of these calls in the caller's transaction; returns the
 * recording objects to remove after it commits. With `keepFigures` (retention)
 * the call keeps its turn count and latency figures, and the latency
 * histograms keep counting its turns: old calls stay in long-range charts.
 */
export async function deleteCallContentIn(
  client: PoolClient,
  callIds: string[],
  record: DeletedContent,
  options: { keepFigures?: boolean } = {},
): Promise<string[]> {
  if (!callIds.length) return [];
  if (options.keepFigures) {
    // The turns' latency values stay behind, so that a later rebuild of their hours still counts them.
    await client.query(
      `insert into kept_turn_latency (call_id, call_month, tts_ttfb, stt_ttfb)
       select call_id, call_month, tts_ttfb, stt_ttfb from turns where call_id = any($1::text[]) and (tts_ttfb is not null or stt_ttfb is not null)`,
      [callIds],
    );
    await client.query("select set_config('callscope.keep_rollups', 'on', true)");
    await client.query("delete from turns where call_id = any($1::text[])", [callIds]);
    await client.query("select set_config('callscope.keep_rollups', 'off', true)");
  } else {
    await client.query("delete from turns where call_id = any($1::text[])", [callIds]);
    await client.query("delete from kept_turn_latency where call_id = any($1::text[])", [callIds]);
  }
  await client.query("delete from call_events where call_id = any($1::text[])", [callIds]);
  // The agent's own tool calls belong to no turn: they go with the events.
  await client.query("delete from tool_calls where call_id = any($1::text[])", [callIds]);
  return markContentDeletedIn(client, callIds, record, options);
}

/**
 * The rest of deleting these calls' content, once their turns, tool calls and
 * events are gone (deleteCallContentIn row by row, retention a month's
 * partitions at once): evaluation results, the recording, the raw deliveries,
 * and the call's own fields; the call is marked content_deleted_at. Returns
 * the recording objects to remove after the transaction commits.
 */
export async function markContentDeletedIn(
  client: PoolClient,
  callIds: string[],
  record: DeletedContent,
  options: { keepFigures?: boolean } = {},
): Promise<string[]> {
  if (!callIds.length) return [];
  await client.query("delete from evaluation_results where call_id = any($1::text[])", [callIds]);
  const recordings = await client.query("delete from recordings where call_id = any($1::text[]) returning storage_key", [callIds]);
  await client.query(
    `update webhook_deliveries set payload = jsonb_build_object('type', type, 'content_deleted', $2::jsonb)
     where call_id = any($1::text[]) and not (payload ? 'content_deleted')`,
    [callIds, JSON.stringify(record)],
  );
  const figures = options.keepFigures ? "" : "turn_count = 0, ttfb_p50 = null, ttfb_max = null,";
  await client.query(
    `update calls set summary = null, from_number = null, to_number = null, telephony = null, metadata = null, error_message = null,
       ${figures} search_vector = null, recording_status = 'unavailable', content_deleted_at = now(),
       extra = (select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) from jsonb_each(coalesce(extra, '{}'::jsonb)) e where e.key = any($3::text[]))
         || jsonb_build_object('content_deleted', $2::jsonb), updated_at = now()
     where id = any($1::text[])`,
    [callIds, JSON.stringify(record), EXTRA_KEPT],
  );
  return recordings.rows.map((r) => r.storage_key as string);
}

/** Deletes the content of one call; false when there is no such call. */
export async function deleteCallContent(pool: Pool, storage: RecordingStorage, callId: string, record: DeletedContent): Promise<boolean> {
  const keys = await withTransaction(pool, async (client) => {
    const found = await client.query("select 1 from calls where id = $1 for update", [callId]);
    return found.rowCount ? deleteCallContentIn(client, [callId], record) : null;
  });
  if (!keys) return false;
  for (const key of keys) await storage.remove(key).catch(() => {});
  return true;
}

/** Of these calls, the ones Cartesia redacted whose content Callscope still holds. */
export async function redactedWithContent(client: PoolClient | Pool, callIds: string[]): Promise<string[]> {
  if (!callIds.length) return [];
  const { rows } = await client.query(
    `select c.id from calls c
     where c.id = any($1::text[]) and c.extra ? 'redacted_at' and not (c.extra ? 'content_deleted' and c.extra->'content_deleted'->>'reason' = 'cartesia_redacted'
       and not exists (select 1 from turns t where t.call_id = c.id) and not exists (select 1 from call_events e where e.call_id = c.id)
       and not exists (select 1 from recordings r where r.call_id = c.id))`,
    [callIds],
  );
  return rows.map((r) => r.id as string);
}
