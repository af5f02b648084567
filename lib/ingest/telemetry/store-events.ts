// Writes telemetry rows of one call, batch by batch, in one transaction per
// request, creating a placeholder call when the webhooks have not described
// it yet. Rows with an external id that is already stored are skipped: a
// retry is a no-op. Personal data in names, levels, messages, values and
// metadata is redacted first, by the redaction gate on its thread. Tool-call frames are
// paired into tool_calls (store-tool-calls.ts) in the same transaction. A request refused halfway (over a
// limit, or a body that breaks off) rolls back: nothing of it is kept.
import type { Pool, PoolClient } from "pg";
import { REMEASURE_SQL } from "@/lib/jobs/job-kinds";
import { privacy, redactionPolicy } from "@/lib/privacy/privacy-settings";
import { recordRedactions } from "@/lib/privacy/record-redactions";
import type { RedactionCounts, RedactionPolicy } from "@/lib/privacy/redact";
import type { Redacted, StoreColumns } from "@/lib/privacy/redact-for-store";
import { redactForStoreOffThread } from "@/lib/privacy/redact-off-thread";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import type { EventRow } from "./event-rows";
import { storeToolCalls } from "./store-tool-calls";

export type EventWriter = {
  /** Redacts and inserts a batch (inside the request's transaction, begun at the first batch). */
  write(rows: EventRow[]): Promise<void>;
  /** Commits; the number of rows stored (duplicates skipped). */
  commit(): Promise<number>;
  /** Rolls back whatever was written. */
  abort(): Promise<void>;
};

/** What of a row is redacted, and how: ids, kinds, times and sources are stored as sent. */
const EVENT_COLUMNS: StoreColumns<EventRow> = {
  text: ["message", "code_location"],
  named: ["name", "level"],
  json: ["value", "metadata", "responding_to", "extra"],
};

/** Inserts rows into call_events, skipping those whose external id is stored; the external ids inserted. */
async function insertEvents(client: PoolClient, rows: readonly Redacted<EventRow>[]) {
  const result = await client.query(
    `insert into call_events (call_id, kind, name, level, message, value, metadata, responding_to, offset_s, wall_time, source, external_id, extra, code_location)
     select r.call_id, r.kind, r.name, r.level, r.message, r.value, r.metadata, r.responding_to, r.offset_s, r.wall_time, r.source, r.external_id, r.extra, r.code_location
     from jsonb_to_recordset($1::jsonb) as r(call_id text, kind text, name text, level text, message text, value jsonb, metadata jsonb,
       responding_to jsonb, offset_s float8, wall_time timestamptz, source text, external_id text, extra jsonb, code_location text)
     on conflict (call_id, external_id) do nothing
     returning external_id`,
    [JSON.stringify(rows)],
  );
  return { count: result.rowCount ?? 0, inserted: new Set(result.rows.map((r) => r.external_id as string | null)) };
}

export function eventWriter(pool: Pool, callId: string): EventWriter {
  let open: { client: PoolClient; policy: RedactionPolicy; dropAudio: boolean } | null = null;
  let stored = 0;
  // What was redacted from the rows stored, summed over the request.
  const counts: RedactionCounts = {};
  // Whether a metric was stored: after the call finished, it may be a stage of one of its waits.
  let storedMetric = false;

  async function begin() {
    const settings = await privacy(pool);
    const client = await pool.connect();
    try {
      await client.query("begin");
      await client.query("insert into calls (id) values ($1) on conflict (id) do nothing", [callId]);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    return { client, policy: redactionPolicy(settings), dropAudio: settings.redactAudio === "drop" };
  }

  async function end(sql: "commit" | "rollback", failure?: Error) {
    if (!open) return;
    const { client } = open;
    open = null;
    try {
      await client.query(sql);
      client.release();
    } catch (error) {
      client.release(failure ?? (error as Error));
      throw error;
    }
  }

  return {
    async write(rows) {
      if (!rows.length) return;
      open ??= await begin();
      const all = await redactForStoreOffThread(open.policy, rows, EVENT_COLUMNS);
      const redacted = all.filter((c) => c.row.kind !== "tool_call");
      const frames = all.filter((c) => c.row.kind === "tool_call");
      const freshFrames = new Set<EventRow>(
        await storeToolCalls(
          open.client,
          callId,
          frames.map((c) => c.row),
        ),
      );
      const result = await insertEvents(
        open.client,
        redacted.map((c) => c.row),
      );
      stored += result.count + freshFrames.size;
      // Only rows stored now count: a retried batch redacts nothing new.
      const { inserted } = result;
      if (redacted.some((c) => c.row.kind === "log_metric" && (c.row.external_id === null || inserted.has(c.row.external_id)))) storedMetric = true;
      for (const c of all) {
        if (c.row.kind === "tool_call" ? !freshFrames.has(c.row) : c.row.external_id !== null && !inserted.has(c.row.external_id)) continue;
        for (const [kind, n] of Object.entries(c.counts) as [keyof RedactionCounts, number][]) counts[kind] = (counts[kind] ?? 0) + n;
      }
    },
    async commit() {
      if (!open) return 0;
      let dropped: string[];
      try {
        dropped = await recordRedactions(open.client, [{ callId, counts }], { merge: "sum", dropAudio: open.dropAudio });
        // A metric that arrives after the call finished may be a stage of one of its waits: measure it again.
        if (storedMetric) {
          const { rows } = await open.client.query("select status in ('completed', 'failed', 'cancelled') as finished from calls where id = $1", [callId]);
          if (rows[0]?.finished) await open.client.query(REMEASURE_SQL, [callId]);
        }
      } catch (error) {
        await end("rollback", error as Error).catch(() => {});
        throw error;
      }
      await end("commit");
      for (const key of dropped)
        await recordingStorage()
          .remove(key)
          .catch(() => {});
      return stored;
    },
    async abort() {
      await end("rollback", new Error("aborted")).catch(() => {});
    },
  };
}

/** Stores one batch of rows in one transaction. */
export async function storeEvents(pool: Pool, callId: string, rows: EventRow[]): Promise<number> {
  const writer = eventWriter(pool, callId);
  try {
    await writer.write(rows);
    return await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
