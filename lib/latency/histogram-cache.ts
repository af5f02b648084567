// The stored histograms (latency_daily, latency_hourly) this process has
// read, decoded, each with the version of its row (Postgres's xmin: a rebuilt
// day or hour is a new row, with a new one).
// A read sends the versions it holds and Postgres returns the histogram only
// of the rows that differ, so the cache is never stale and every instance
// answers the same figures; what it saves is sending and decoding megabytes
// of histograms of days and hours that did not change since the last read.
import { processSingleton } from "@/lib/process-singleton";

export type DecodedHistogram = { bins: Int32Array; counts: Int32Array };
type Entry = DecodedHistogram & { version: string; agentId: string; deploymentId: string };

/** "day" for latency_daily, "hour" for latency_hourly. */
export type StoredKind = "day" | "hour";

/** At most this many bytes of decoded bins and counts, the least recently read (table, metric, time) dropped first. */
const MAX_BYTES = 64 * 1024 * 1024;

const cache = () => processSingleton("latency-stored-histograms", () => ({ times: new Map<string, Map<string, Entry>>(), bytes: 0 }));
const timeKey = (kind: StoredKind, metric: string, at: Date) => `${kind}|${metric}|${at.getTime()}`;
/** Ids are anything an agent sent: the length keeps ("a|b", "c") and ("a", "b|c") apart. */
const rowKey = (agentId: string, deploymentId: string) => `${agentId.length}:${agentId}|${deploymentId}`;
const sizeOf = (e: DecodedHistogram) => e.bins.byteLength + e.counts.byteLength;

/**
 * The rows held for these metrics at these times (days of latency_daily and
 * hours of latency_hourly), as parallel arrays for the query, and a snapshot
 * to answer from that later evictions do not touch.
 */
export function heldRows(metrics: readonly string[], times: { kind: StoredKind; at: Date }[]) {
  const { times: held } = cache();
  const known = {
    kind: [] as StoredKind[],
    metric: [] as string[],
    at: [] as Date[],
    agentId: [] as string[],
    deploymentId: [] as string[],
    version: [] as string[],
  };
  const snapshot = new Map<string, Entry>();
  const asked = new Set<string>();
  for (const metric of metrics)
    for (const { kind, at } of times) {
      const key = timeKey(kind, metric, at);
      // Once each: a row sent twice would come back twice, and be counted twice.
      if (asked.has(key)) continue;
      asked.add(key);
      const rows = held.get(key);
      if (!rows) continue;
      // Read again: the most recently read move to the end, the last to go.
      held.delete(key);
      held.set(key, rows);
      for (const [row, entry] of rows) {
        known.kind.push(kind);
        known.metric.push(metric);
        known.at.push(at);
        known.agentId.push(entry.agentId);
        known.deploymentId.push(entry.deploymentId);
        known.version.push(entry.version);
        snapshot.set(`${key}|${row}`, entry);
      }
    }
  return {
    known,
    held: (kind: StoredKind, metric: string, at: Date, agentId: string, deploymentId: string) =>
      snapshot.get(`${timeKey(kind, metric, at)}|${rowKey(agentId, deploymentId)}`),
    /** Whether rows of this time were asked for: only those are worth keeping. */
    asked: (kind: StoredKind, metric: string, at: Date) => asked.has(timeKey(kind, metric, at)),
  };
}

/** Keeps a histogram just read, under its row's version. */
export function holdRow(kind: StoredKind, metric: string, at: Date, agentId: string, deploymentId: string, version: string, histogram: DecodedHistogram) {
  const state = cache();
  const key = timeKey(kind, metric, at);
  const rows = state.times.get(key) ?? state.times.set(key, new Map()).get(key)!;
  const previous = rows.get(rowKey(agentId, deploymentId));
  if (previous) state.bytes -= sizeOf(previous);
  rows.set(rowKey(agentId, deploymentId), { bins: histogram.bins, counts: histogram.counts, version, agentId, deploymentId });
  state.bytes += sizeOf(histogram);
  for (const [oldest, dropped] of state.times) {
    if (state.bytes <= MAX_BYTES || oldest === key) break;
    for (const entry of dropped.values()) state.bytes -= sizeOf(entry);
    state.times.delete(oldest);
  }
}
