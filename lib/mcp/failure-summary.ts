// Failed calls grouped by why they failed (lib/calls/failure-reason.ts: the
// error Cartesia sent, else the last error the agent logged, else the end
// reason), over the newest `scan` failed calls the filters match.
import type { Pool } from "pg";
import type { CallFilters } from "@/lib/calls/call-filters";
import { ERROR_LEVEL_SQL, type FailureReason, failureReason } from "@/lib/calls/failure-reason";
import { whereClause } from "@/lib/calls/list-calls";

export type FailureGroup = { reason: string; source: FailureReason["source"] | "unknown"; calls: number; newest: Date | null; examples: string[] };

export async function summarizeFailures(pool: Pool, filters: CallFilters, scan = 5000, examples = 3, now = new Date()) {
  const params: unknown[] = [];
  const where = whereClause({ ...filters, status: ["failed"] }, params, now);
  const { rows } = await pool.query(
    `select c.id, c.status, c.error_message, c.end_reason, c.sort_time,
            (select coalesce(e.message, e.name) from call_events e where e.call_id = c.id and ${ERROR_LEVEL_SQL} order by e.id desc limit 1) as logged_error
     from calls c where ${where.join(" and ")} order by c.sort_time desc, c.id desc limit $${params.push(scan)}`,
    params,
  );
  const groups = new Map<string, FailureGroup>();
  for (const r of rows) {
    const reason = failureReason(
      { status: r.status, errorMessage: r.error_message, endReason: r.end_reason },
      r.logged_error ? [{ level: "error", message: r.logged_error, name: null }] : [],
    );
    const key = reason ? `${reason.source}\u0000${reason.text}` : "unknown";
    const group: FailureGroup = groups.get(key) ?? {
      reason: reason?.text ?? "no reason recorded",
      source: reason?.source ?? "unknown",
      calls: 0,
      newest: r.sort_time,
      examples: [],
    };
    group.calls++;
    if (group.examples.length < examples) group.examples.push(r.id);
    groups.set(key, group);
  }
  return { scanned: rows.length, complete: rows.length < scan, groups: [...groups.values()].sort((a, b) => b.calls - a.calls) };
}
