// Writes telemetry rows of one call, creating a placeholder call when the
// webhooks have not described it yet. A request whose rows fit in one batch
// (most do) is stored with group commit: the requests that arrive together
// are written in one transaction, and each is answered only once it commits.
// A longer request is written batch by batch in a transaction of its own.
// Rows with an external id that is already stored are skipped: a retry is a
// no-op. Personal data in names, levels, messages, values and
// metadata is redacted first, by the redaction gate on its thread. Tool-call frames are
// paired into tool_calls (store-tool-calls.ts) in the same transaction. A request refused halfway (over a
// limit, or a body that breaks off) rolls back: nothing of it is kept.
import { callMonthOf } from "@/lib/db/call-month";
import type { Pool, PoolClient } from "pg";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import { REMEASURE_SQL } from "@/lib/jobs/job-kinds";
import { processSingleton } from "@/lib/process-singleton";
import { privacy, redactionPolicy } from "@/lib/privacy/privacy-settings";
import { type CallRedactions, recordRedactions } from "@/lib/privacy/record-redactions";
import type { RedactionPolicy } from "@/lib/privacy/redact";
import type { Redacted, RedactedRow, StoreColumns } from "@/lib/privacy/redact-for-store";
import { redactForStoreOffThread } from "@/lib/privacy/redact-off-thread";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import type { EventRow } from "./event-rows";
import { createGroupCommit } from "../group-commit";
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

/** Inserts rows into call_events, skipping those whose external id is stored; the call and external ids inserted. */
async function insertEvents(client: PoolClient, rows: readonly Redacted<EventRow>[]) {
  const result = await client.query(
    `insert into call_events (call_id, kind, name, level, message, value, metadata, responding_to, offset_s, wall_time, source, external_id, extra, code_location, call_month)
     select r.call_id, r.kind, r.name, r.level, r.message, r.value, r.metadata, r.responding_to, r.offset_s, r.wall_time, r.source, r.external_id, r.extra, r.code_location,
       ${callMonthOf("r.call_id")}
     from jsonb_to_recordset($1::jsonb) as r(call_id text, kind text, name text, level text, message text, value jsonb, metadata jsonb,
       responding_to jsonb, offset_s float8, wall_time timestamptz, source text, external_id text, extra jsonb, code_location text)
     on conflict (call_id, external_id, call_month) do nothing
     returning call_id, external_id`,
    [JSON.stringify(rows)],
  );
  return { count: result.rowCount ?? 0, inserted: new Set(result.rows.map((r) => rowKey(r.call_id, r.external_id))) };
}

const rowKey = (callId: string, externalId: string | null) => `${callId}\n${externalId}`;

/** A call's metrics that arrive after it finished may be stages of its waits: they are measured again. */
async function remeasureFinished(client: PoolClient, callIds: string[]) {
  if (!callIds.length) return;
  const { rows } = await client.query("select id from calls where id = any($1::text[]) and status in ('completed', 'failed', 'cancelled') order by id", [
    callIds,
  ]);
  for (const r of rows) await client.query(REMEASURE_SQL, [r.id]);
}

/** One request's rows, redacted, waiting for the group's transaction. */
type GroupItem = { callId: string; rows: RedactedRow<EventRow>[]; dropAudio: boolean };

/** Requests that arrive within this long of each other share a transaction; a few transactions may be committing at once. */
const GROUP = { windowMs: 2, maxBatch: 64, concurrency: 2 };

/**
 * Stores the rows of several requests in one transaction; per request, how
 * many were stored. Tool-call frames are paired call by call, in the order
 * the requests came; of rows with the same external id, the first is stored.
 */
async function storeGroup(pool: Pool, items: GroupItem[]): Promise<number[]> {
  const callIds = [...new Set(items.map((item) => item.callId))].sort();
  const client = await pool.connect();
  let dropped: string[] = [];
  const stored: number[] = [];
  try {
    await client.query("begin");
    await client.query("insert into calls (id) select unnest($1::text[]) order by 1 on conflict (id) do nothing", [callIds]);
    const fresh = new Set<EventRow>();
    for (const callId of callIds) {
      const frames = items.flatMap((item) => (item.callId === callId ? item.rows.filter((c) => c.row.kind === "tool_call").map((c) => c.row) : []));
      for (const frame of await storeToolCalls(client, callId, frames)) fresh.add(frame);
    }
    const events = items.flatMap((item) => item.rows.filter((c) => c.row.kind !== "tool_call"));
    const { inserted } = events.length
      ? await insertEvents(
          client,
          events.map((c) => c.row),
        )
      : { inserted: new Set<string>() };
    // Which row each inserted external id was: the first that carried it.
    const claimed = new Set<string>();
    const isStored = ({ row }: RedactedRow<EventRow>) => {
      if (row.kind === "tool_call") return fresh.has(row);
      if (row.external_id === null) return true;
      const key = rowKey(row.call_id, row.external_id);
      if (!inserted.has(key) || claimed.has(key)) return false;
      claimed.add(key);
      return true;
    };
    // What was redacted from each row stored: recordRedactions adds them up per call.
    const redactions: (CallRedactions & { dropAudio: boolean })[] = [];
    const measured = new Set<string>();
    for (const item of items) {
      let n = 0;
      for (const c of item.rows) {
        if (!isStored(c)) continue;
        n++;
        if (c.row.kind === "log_metric") measured.add(item.callId);
        redactions.push({ callId: item.callId, counts: c.counts, dropAudio: item.dropAudio });
      }
      stored.push(n);
    }
    for (const dropAudio of [false, true]) {
      const entries = redactions.filter((r) => r.dropAudio === dropAudio);
      if (entries.length) dropped.push(...(await recordRedactions(client, entries, { merge: "sum", dropAudio })));
    }
    await remeasureFinished(client, [...measured].sort());
    await client.query("commit");
    client.release();
  } catch (error) {
    dropped = [];
    await client.query("rollback").catch(() => {});
    client.release(error as Error);
    throw error;
  }
  for (const key of dropped)
    await recordingStorage()
      .remove(key)
      .catch(() => {});
  return stored;
}

/** Stored, or the error that kept this request's rows out. */
type GroupOutcome = { stored: number } | { failed: unknown };

/**
 * The process's group commit. A group whose transaction fails is tried again
 * request by request, so that one request's bad value fails only that request;
 * while the database is away every request of the group fails.
 */
function groupWriter(pool: Pool) {
  return processSingleton("telemetry-group-commit", () =>
    createGroupCommit<GroupItem, GroupOutcome>({
      ...GROUP,
      commit: async (items) => {
        try {
          return (await storeGroup(pool, items)).map((stored) => ({ stored }));
        } catch (error) {
          if (items.length === 1 || isDatabaseUnavailable(error)) throw error;
          const results: GroupOutcome[] = [];
          for (const item of items) {
            try {
              results.push({ stored: (await storeGroup(pool, [item]))[0] });
            } catch (single) {
              if (isDatabaseUnavailable(single)) throw single;
              results.push({ failed: single });
            }
          }
          return results;
        }
      },
    }),
  );
}

/** Redacts one request's rows here, then stores them with the requests that arrive with them; how many were stored. */
async function storeWithGroup(pool: Pool, callId: string, rows: EventRow[]): Promise<number> {
  const settings = await privacy(pool);
  const redacted = await redactForStoreOffThread(redactionPolicy(settings), rows, EVENT_COLUMNS);
  const outcome = await groupWriter(pool)({ callId, rows: redacted, dropAudio: settings.redactAudio === "drop" });
  if ("failed" in outcome) throw outcome.failed;
  return outcome.stored;
}

export function eventWriter(pool: Pool, callId: string): EventWriter {
  let open: { client: PoolClient; policy: RedactionPolicy; dropAudio: boolean } | null = null;
  // The first batch waits here: if it is the only one, it goes to the group commit.
  let held: EventRow[] | null = null;
  let stored = 0;
  // What was redacted from each row stored, added up when the request commits.
  const redactions: CallRedactions[] = [];
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

  async function writeRows(rows: EventRow[]) {
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
    const isInserted = (row: EventRow) => row.external_id === null || result.inserted.has(rowKey(row.call_id, row.external_id));
    if (redacted.some((c) => c.row.kind === "log_metric" && isInserted(c.row))) storedMetric = true;
    for (const c of all) if (c.row.kind === "tool_call" ? freshFrames.has(c.row) : isInserted(c.row)) redactions.push({ callId, counts: c.counts });
  }

  return {
    async write(rows) {
      if (!rows.length) return;
      if (!open && !held) {
        held = rows;
        return;
      }
      if (held) {
        const first = held;
        held = null;
        await writeRows(first);
      }
      await writeRows(rows);
    },
    async commit() {
      if (held) {
        const rows = held;
        held = null;
        return storeWithGroup(pool, callId, rows);
      }
      if (!open) return 0;
      let dropped: string[];
      try {
        dropped = await recordRedactions(open.client, redactions, { merge: "sum", dropAudio: open.dropAudio });
        if (storedMetric) await remeasureFinished(open.client, [callId]);
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
      held = null;
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
