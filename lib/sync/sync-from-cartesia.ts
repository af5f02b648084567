// Brings calls, transcripts (with their log events and metrics), recordings,
// call logs and deployments from Cartesia's API into Callscope. Idempotent:
// a second run changes nothing, and nothing is duplicated with what webhooks
// and the telemetry API stored.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { Pool } from "pg";
import type { Client as PrismaClient } from "@/lib/db/types";
import { upsertDeployment } from "@/lib/deployments/upsert-deployment";
import { applyCallObjects } from "@/lib/ingest/apply-call-objects";
import { privacy, redactionPolicy } from "@/lib/privacy/privacy-settings";
import { redactValueForStore } from "@/lib/privacy/redact-for-store";
import { isTerminal } from "@/lib/ingest/call-state";
import { parseLogLines } from "@/lib/logs/parse-log-lines";
import { storeEvents } from "@/lib/ingest/telemetry/store-events";
import { audioType, storeRecording } from "@/lib/recordings/store-recording";
import type { RecordingStorage } from "@/lib/recordings/storage";
import { deploymentSchema } from "@/lib/cartesia/deployment";
import { callObjectSchema, type CallObject } from "@/lib/cartesia/call-object";
import { storeMetrics, storeResults } from "@/lib/evaluations/store-evaluations";
import type { AgentSummary, CartesiaClient } from "@/lib/cartesia/api-client";
import { syncBatches } from "./sync-batches";

export type SyncDeps = {
  pool: Pool;
  db: PrismaClient;
  client: CartesiaClient;
  storage: RecordingStorage;
  recordingLimit: number;
  /** the zone of log times written without one (LOG_TIMEZONE); UTC when not given */
  logTimeZone?: string;
};
export type SyncProgress = {
  calls: number;
  recordings: number;
  noRecording: number;
  logs: number;
  deployments: number;
  evaluations: number;
  /** call batches new or changed */
  batches: number;
  total: number | null;
};

/** Fetches the recording and the logs of one call, unless already stored. */
export async function enrichCall(deps: SyncDeps, call: CallObject, progress?: SyncProgress) {
  if (!isTerminal(call.status ?? "")) return;
  // Redacted at Cartesia, or zero data retention: there is no recording or log to fetch, by design.
  if (call.redacted_at || call.zdr_enabled === true) {
    await deps.db.call.updateMany({ where: { id: call.id, recordingStatus: { in: ["none", "pending"] } }, data: { recordingStatus: "unavailable" } });
    if (progress) progress.noRecording++;
    return;
  }
  const existing = await deps.db.call.findUnique({ where: { id: call.id }, select: { recordingStatus: true } });
  // "dropped": something of the call was redacted, and recordings of such calls are not kept.
  if (existing?.recordingStatus !== "stored" && existing?.recordingStatus !== "dropped") {
    const audio = await deps.client.getAudio(call.id);
    // Only the audio types an upload may have are stored (and so served back): anything else Cartesia sent is not kept.
    const contentType = audio?.body ? audioType(audio.headers.get("content-type") ?? "audio/wav") : null;
    if (audio?.body && !contentType) {
      await audio.body.cancel().catch(() => {});
      console.warn(`[callscope] the recording of call ${call.id} came as ${audio.headers.get("content-type")}, not an audio type Callscope keeps: not stored`);
      await deps.db.call.update({ where: { id: call.id }, data: { recordingStatus: "unavailable" } });
      if (progress) progress.noRecording++;
    } else if (audio?.body && contentType) {
      await storeRecording(deps.db, deps.storage, {
        callId: call.id,
        contentType,
        body: Readable.fromWeb(audio.body as NodeReadableStream),
        limit: deps.recordingLimit,
        source: "cartesia",
        dropIfRedacted: (await privacy(deps.pool)).redactAudio === "drop",
      });
      if (progress) progress.recordings++;
    } else {
      await deps.db.call.update({ where: { id: call.id }, data: { recordingStatus: "unavailable" } });
      if (progress) progress.noRecording++;
    }
  }
  const logs = await deps.client.getLogs(call.id);
  if (logs?.logs.length) await storeCallLogs(deps, call, logs.logs, progress);
}

/**
 * Cartesia's log lines of a call, read as logging statements: a traceback or
 * the rest of a multi-line message joins the statement above it, and keeps
 * its level, time and source.
 */
async function storeCallLogs(deps: SyncDeps, call: CallObject, lines: string[], progress?: SyncProgress) {
  const policy = redactionPolicy(await privacy(deps.pool));
  const records = parseLogLines(lines, { timeZone: deps.logTimeZone ?? "UTC" });
  // A statement without a time of its own (a bare print) belongs right after the one before it, in
  // Cartesia's order: it takes that one's time, and its place among equal times.
  let previous: string | null = call.start_time ? new Date(call.start_time).toISOString() : null;
  const rows = records.map((record, i) => {
    const wallTime = record.wallTime ?? previous;
    previous = wallTime;
    const first = record.line ?? i;
    const end = records[i + 1]?.line ?? lines.length;
    const raw = lines.slice(first, end).join("\n");
    return {
      call_id: call.id,
      kind: "log",
      name: null,
      level: record.level,
      message: record.message,
      value: null,
      metadata: record.extra,
      responding_to: null,
      offset_s: null,
      wall_time: wallTime,
      source: "cartesia",
      // The first line's position and the record's lines: the same lines fetched again are stored once.
      // Hashed as stored, redacted: a hash of a line with a card number in it could be searched.
      external_id: `cartesia-log:${first}:${createHash("sha1").update(redactValueForStore(policy, raw).value).digest("hex").slice(0, 16)}`,
      extra: null,
      code_location: record.source,
    };
  });
  const stored = await storeEvents(deps.pool, call.id, rows);
  if (progress) progress.logs += stored;
}

/**
 * Cartesia's evaluation metrics, and each agent's metric results (since the
 * sync's `since`), paged with `starting_after` until `next_page` is null.
 */
export async function syncEvaluations(deps: SyncDeps, agentIds: string[], since: Date | undefined, progress?: SyncProgress) {
  for (let cursor: string | null | undefined = undefined; ;) {
    const page = await deps.client.listMetrics(cursor);
    await storeMetrics(deps.pool, page.data);
    if (!page.next_page || !page.data.length) break;
    cursor = page.next_page;
  }
  for (const agentId of agentIds) {
    for (let cursor: string | null | undefined = undefined; ;) {
      const page = await deps.client.listMetricResults({ agentId, startDate: since?.toISOString(), startingAfter: cursor });
      const stored = await storeResults(deps.pool, page.data);
      if (progress) progress.evaluations += stored;
      if (!page.next_page || !page.data.length) break;
      cursor = page.next_page;
    }
  }
}

/** Removes the recording objects whose rows a redaction deleted. */
export async function removeRecordings(deps: Pick<SyncDeps, "storage">, keys: string[]) {
  for (const key of keys) await deps.storage.remove(key).catch(() => {});
}

export async function syncDeployments(deps: SyncDeps, agentIds: string[], progress?: SyncProgress) {
  const policy = redactionPolicy(await privacy(deps.pool));
  for (const agentId of agentIds) {
    for (const raw of await deps.client.listDeployments(agentId)) {
      const parsed = deploymentSchema.safeParse(raw);
      if (!parsed.success || !raw.id) continue;
      await upsertDeployment(deps.db, raw.id, { ...parsed.data, agent_id: parsed.data.agent_id ?? agentId }, policy);
      if (progress) progress.deployments++;
    }
  }
}

/** Keeps the names Cartesia gives its agents, so the console can show them. */
async function saveAgentNames(pool: Pool, agents: AgentSummary[]) {
  const named = agents.filter((a) => a.id && a.name);
  if (!named.length) return;
  await pool.query(
    `insert into agents (id, name) select * from unnest($1::text[], $2::text[])
     on conflict (id) do update set name = excluded.name where agents.name is distinct from excluded.name`,
    [named.map((a) => a.id), named.map((a) => a.name)],
  );
}

export class SyncCancelled extends Error {
  constructor() {
    super("The sync was cancelled.");
  }
}

/**
 * With an agent, pages that agent's calls; without one, lists the account's
 * agents (GET /agents) and pages each agent's calls in turn, as Cartesia's
 * List Calls needs an agent. `since` and `limit` apply to the whole sync.
 * `cancelled` is asked between calls; a true answer stops the sync.
 */
export async function syncFromCartesia(
  deps: SyncDeps,
  options: { agentId?: string; since?: Date; limit?: number; cancelled?: () => Promise<boolean> },
  onProgress: (p: SyncProgress) => void | Promise<void> = () => {},
): Promise<SyncProgress> {
  const progress: SyncProgress = { calls: 0, recordings: 0, noRecording: 0, logs: 0, deployments: 0, evaluations: 0, batches: 0, total: options.limit ?? null };
  const batchIds = new Set<string>();
  let agentIds: string[];
  if (options.agentId) agentIds = [options.agentId];
  else {
    const agents = (await deps.client.listAgents()).filter((a) => !a.deleted_at);
    await saveAgentNames(deps.pool, agents);
    agentIds = agents.map((a) => a.id);
  }
  for (const agentId of agentIds) {
    let cursor: string | null = null;
    for (;;) {
      if (options.limit !== undefined && progress.calls >= options.limit) break;
      const page = await deps.client.listCalls({ agentId, limit: 100, startingAfter: cursor });
      // Newest first: once a call is older than `since`, the rest of this agent's are too.
      const wanted: CallObject[] = [];
      let done = false;
      for (const raw of page.data) {
        const call = callObjectSchema.safeParse(raw);
        if (!call.success) continue;
        if (options.since && call.data.start_time && new Date(call.data.start_time) < options.since) {
          done = true;
          break;
        }
        if (options.limit !== undefined && progress.calls + wanted.length >= options.limit) {
          done = true;
          break;
        }
        wanted.push(call.data);
        if (call.data.batch_id) batchIds.add(call.data.batch_id);
      }
      await removeRecordings(deps, await applyCallObjects(deps.pool, wanted));
      for (const call of wanted) {
        if (options.cancelled && (await options.cancelled())) throw new SyncCancelled();
        await enrichCall(deps, call, progress);
        progress.calls++;
        await onProgress(progress);
      }
      if (done || !page.next_page || page.data.length === 0) break;
      cursor = page.next_page;
    }
  }
  await syncEvaluations(deps, agentIds, options.since, progress);
  await syncDeployments(deps, agentIds, progress);
  progress.batches += await syncBatches(deps, options.agentId ? [options.agentId] : null, [...batchIds]);
  await onProgress(progress);
  return progress;
}
