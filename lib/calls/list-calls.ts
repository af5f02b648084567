// The calls list: filters, text search and keyset pagination in one query.
import type { Pool } from "pg";
import { prepared } from "@/lib/db/prepared";
import { type CallFilters, CURSOR_KINDS, RANGE_PRESETS } from "./call-filters";
import { type Cursor, decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { ERROR_LEVEL_SQL } from "./failure-reason";
import { withTransaction } from "@/lib/db/transaction";
import { planSearch } from "./search-query";

export type CallListRow = {
  id: string;
  agentId: string | null;
  agentName: string | null;
  status: string;
  startTime: Date | null;
  sortTime: Date;
  startTimeSource: string | null;
  durationS: number | null;
  turnCount: number;
  ttfbP50: number | null;
  ttfbMax: number | null;
  deploymentId: string | null;
  endReason: string | null;
  /** Cartesia's error message */
  errorMessage: string | null;
  /** for a failed call without one: the last error the agent logged */
  loggedError: string | null;
  recordingStatus: string;
  /** the matching part of the transcript, matches wrapped in \u0002…\u0003 */
  snippet: string | null;
  /** with a text search: the start, in seconds, of the first turn that matches */
  matchAt: number | null;
};

export type CallListPage = { rows: CallListRow[]; nextCursor: string | null };

/** `walk`: an index gives the calls in this order, so a search can walk them. */
const SORTS = {
  newest: { key: "c.sort_time", dir: "desc", cast: "timestamptz", walk: true },
  oldest: { key: "c.sort_time", dir: "asc", cast: "timestamptz", walk: true },
  longest: { key: "coalesce(c.duration_s, -1)", dir: "desc", cast: "float8" },
  slowest: { key: "coalesce(c.ttfb_p50, -1)", dir: "desc", cast: "float8" },
} as const;

/** A call has an error: it failed, Cartesia sent an error message, or the agent logged an error during it. */
const HAS_ERROR = `(c.status = 'failed' or c.error_message is not null or exists (select 1 from call_events e
  where e.call_id = c.id and e.call_month = c.call_month and e.kind in ('log', 'log_event', 'error') and ${ERROR_LEVEL_SQL}))`;

/** The caller's or the called number holds these digits, whatever the format either was written in. */
const phoneMatch = (digits: string) =>
  `(regexp_replace(coalesce(c.from_number, ''), '[^0-9]', '', 'g') like '%' || ${digits} || '%'
    or regexp_replace(coalesce(c.to_number, ''), '[^0-9]', '', 'g') like '%' || ${digits} || '%')`;

/** What a search finds: words of the transcript, or the call id or phone number it looks like. */
function searchCondition(q: string, add: (value: unknown) => string) {
  const plan = planSearch(q);
  const any = [`c.search_vector @@ ${plan.tsquery(add(plan.text))}`];
  if (plan.callId) any.push(`c.id = ${add(plan.callId)}`, `c.id like ${add(`${plan.callId.replace(/[\\%_]/g, "\\$&")}%`)}`);
  if (plan.phoneDigits) any.push(phoneMatch(add(plan.phoneDigits)));
  return any.length > 1 ? `(${any.join(" or ")})` : any[0];
}

/** The WHERE clause of a filter set; `skip` leaves one filter out (for the counts beside that filter). */
export function whereClause(filters: CallFilters, params: unknown[], now: Date, skip?: "agent") {
  const where: string[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (skip !== "agent" && filters.agent.length) where.push(`c.agent_id = any(${add(filters.agent)}::text[])`);
  if (filters.status.length) where.push(`c.status = any(${add(filters.status)}::text[])`);
  if (filters.deployment.length) where.push(`c.deployment_id = any(${add(filters.deployment)}::text[])`);
  if (filters.batch.length) where.push(`(c.extra->>'batch_id') = any(${add(filters.batch)}::text[])`);
  if (filters.cause.length) where.push(`exists (select 1 from call_causes cc where cc.call_id = c.id and cc.cause_id = any(${add(filters.cause)}::text[]))`);
  const from = filters.range ? new Date(now.getTime() - RANGE_PRESETS[filters.range] * 1000) : filters.from;
  if (from) where.push(`c.sort_time >= ${add(from.toISOString())}::timestamptz`);
  if (filters.to && !filters.range) where.push(`c.sort_time < ${add(filters.to.toISOString())}::timestamptz`);
  if (filters.recording === "yes") where.push(`c.recording_status = 'stored'`);
  if (filters.recording === "no") where.push(`c.recording_status <> 'stored'`);
  if (filters.q) where.push(searchCondition(filters.q, add));
  if (filters.end_reason.length) where.push(`c.end_reason = any(${add(filters.end_reason)}::text[])`);
  if (filters.min_duration !== undefined) where.push(`c.duration_s >= ${add(filters.min_duration)}::float8`);
  if (filters.max_duration !== undefined) where.push(`c.duration_s <= ${add(filters.max_duration)}::float8`);
  if (filters.phone) where.push(phoneMatch(add(filters.phone)));
  if (filters.has_tool_calls === "yes") where.push("exists (select 1 from tool_calls tc where tc.call_id = c.id and tc.call_month = c.call_month)");
  if (filters.has_tool_calls === "no") where.push("not exists (select 1 from tool_calls tc where tc.call_id = c.id and tc.call_month = c.call_month)");
  if (filters.eval) {
    const value = filters.eval_value;
    const match =
      value === undefined ? "true" : value === "failed" ? "r.status <> 'completed'" : `r.status = 'completed' and (r.value #>> '{}') = ${add(value)}`;
    where.push(`exists (select 1 from evaluation_results r where r.call_id = c.id and r.metric_name = ${add(filters.eval)} and ${match})`);
  }
  if (filters.has_error === "yes") where.push(HAS_ERROR);
  if (filters.has_error === "no") where.push(`not ${HAS_ERROR}`);
  return where;
}

/** How many calls, in order, a search walks before it takes its matches from the search index instead. */
const WALKED = 20_000;

/**
 * A text search in time order. Postgres cannot tell from its statistics how
 * rare a word is that none of its common words is, and took a rare one for a
 * common one: it walked every call, newest first, for 50 matches that were
 * not there (over a second at a million calls). So the search walks at most
 * WALKED calls in order (`walk`); a page found there is the page. Fewer
 * matches than a page that near the top means few in all, as a rule: those
 * come from the search index and are sorted (`matches`), with the walk ruled
 * out. That read is planned each time: a plan kept for one word would be the
 * wrong one for the next.
 */
async function searchInOrder(
  pool: Pool,
  enough: (rows: Record<string, unknown>[]) => boolean,
  { walk, matches, params }: { walk: string; matches: string; params: unknown[] },
) {
  const walked = await pool.query(prepared(walk, params));
  if (enough(walked.rows)) return walked.rows;
  return withTransaction(pool, async (client) => {
    await client.query("set local enable_indexscan = off");
    await client.query("set local enable_seqscan = off");
    return (await client.query(matches, params)).rows;
  });
}

export async function listCalls(pool: Pool, filters: CallFilters, now = new Date()): Promise<CallListPage> {
  const sort = SORTS[filters.sort];
  const params: unknown[] = [];
  // A search in time order is planned by how it goes (see searchInOrder); the other filters are the calls it walks.
  const walked = filters.q !== undefined && "walk" in sort;
  const where = whereClause(walked ? { ...filters, q: undefined } : filters, params, now);
  const cursor = decodeCursor(filters.cursor, CURSOR_KINDS[filters.sort]);
  if (cursor) {
    params.push(cursor.v, cursor.id);
    const op = sort.dir === "desc" ? "<" : ">";
    where.push(`(${sort.key}, c.id) ${op} ($${params.length - 1}::${sort.cast}, $${params.length}::text)`);
  }
  let snippet = "null::text";
  let matchAt = "null::float8";
  if (filters.q) {
    const plan = planSearch(filters.q);
    params.push(plan.text);
    const q = plan.tsquery(`$${params.length}`);
    snippet = `(select ts_headline('simple', string_agg(t.text, ' … ' order by t.position), ${q},
                  'MaxFragments=1, MaxWords=20, MinWords=8, StartSel=' || chr(2) || ', StopSel=' || chr(3))
                from turns t where t.call_id = c.id and t.call_month = c.call_month)`;
    // Where the first matching turn starts, so that opening a result lands on it.
    matchAt = `(select t.start_s from turns t where t.call_id = c.id and t.call_month = c.call_month and to_tsvector('simple', t.text) @@ ${q} order by t.position limit 1)`;
  }
  const searched = walked ? searchCondition(filters.q!, (value) => `$${params.push(value)}`) : null;
  params.push(filters.limit + 1);
  const sql = (from: string) => `
    select c.id, c.agent_id, coalesce(c.agent_name, (select a.name from agents a where a.id = c.agent_id)) as agent_name, c.status, c.start_time, c.sort_time, c.start_time_source, c.duration_s, c.turn_count,
           c.ttfb_p50, c.ttfb_max, c.deployment_id, c.end_reason, c.error_message, c.recording_status,
           case when c.status = 'failed' and c.error_message is null then
             (select coalesce(e.message, e.name) from call_events e
              where e.call_id = c.id and e.call_month = c.call_month and ${ERROR_LEVEL_SQL}
              order by e.id desc limit 1) end as logged_error, (${sort.key})::text as sort_value,
           ${snippet} as snippet, ${matchAt} as match_at
    from ${from}
    order by ${sort.key} ${sort.dir}, c.id ${sort.dir}
    limit $${params.length}`;
  const whereAll = (extra: string[]) => ([...where, ...extra].length ? `where ${[...where, ...extra].join(" and ")}` : "");
  const rows = searched
    ? await searchInOrder(pool, (found) => found.length > filters.limit, {
        walk: sql(`(select c.* from calls c ${whereAll([])} order by ${sort.key} ${sort.dir}, c.id ${sort.dir} limit ${WALKED}) c where ${searched}`),
        matches: sql(`calls c ${whereAll([searched])}`),
        params,
      })
    : (await pool.query(prepared(sql(`calls c ${whereAll([])}`), params))).rows;
  const more = rows.length > filters.limit;
  const page = more ? rows.slice(0, filters.limit) : rows;
  const last = page.at(-1);
  const nextCursor: Cursor | null = more && last ? { v: last.sort_value, id: last.id } : null;
  return {
    rows: page.map((r) => ({
      id: r.id,
      agentId: r.agent_id,
      agentName: r.agent_name,
      status: r.status,
      startTime: r.start_time,
      sortTime: r.sort_time,
      startTimeSource: r.start_time_source,
      durationS: r.duration_s,
      turnCount: r.turn_count,
      ttfbP50: r.ttfb_p50,
      ttfbMax: r.ttfb_max,
      deploymentId: r.deployment_id,
      endReason: r.end_reason,
      errorMessage: r.error_message,
      loggedError: r.logged_error,
      recordingStatus: r.recording_status,
      snippet: r.snippet,
      matchAt: r.match_at,
    })),
    nextCursor: nextCursor ? encodeCursor(nextCursor) : null,
  };
}

/** Counts beside the agent filter stop here: past it the menu says "10,000+" (under a text search, past it in all). */
export const AGENT_COUNT_CAP = 10_000;

/**
 * How many calls each agent has under the other filters: the numbers beside
 * the agent filter, counted up to AGENT_COUNT_CAP, where a count of every
 * call grew with the table (500 ms at a million calls). Without a text
 * search, one capped count per agent reads at most that many entries of the
 * (agent, time) index. With one, the first matches up to the cap in all are
 * counted once for every agent (from the newest calls, or from the search
 * index when they hold too few); past it each count is a lower bound.
 */
export async function agentCounts(pool: Pool, filters: CallFilters, now = new Date(), capAt = AGENT_COUNT_CAP) {
  const params: unknown[] = [];
  const where = whereClause({ ...filters, q: undefined }, params, now, "agent");
  const searched = filters.q ? searchCondition(filters.q, (value) => `$${params.push(value)}`) : null;
  params.push(capAt);
  const cap = `$${params.length}`;
  const and = where.length ? ` and ${where.join(" and ")}` : "";
  // Under a search, the first matches up to the cap, counted per agent: from the newest calls walked in order
  // when they hold that many, else from the search index (as the list reads its matches: see searchInOrder).
  const counted = (matches: string) => `select n.agent_id, a.name, n.n, sum(n.n) over () >= ${cap} as capped
     from (select m.agent_id, count(*)::int as n from (${matches} limit ${cap}) m group by m.agent_id) n
     join agents a on a.id = n.agent_id order by coalesce(a.name, a.id), a.id`;
  const rows = searched
    ? await searchInOrder(pool, (found) => found.some((r) => r.capped), {
        walk: counted(
          `select c.agent_id from (select c.* from calls c where c.agent_id is not null${and} order by c.sort_time desc, c.id desc limit ${WALKED}) c where ${searched}`,
        ),
        matches: counted(`select c.agent_id from calls c where c.agent_id is not null${and} and ${searched}`),
        params,
      })
    : (
        await pool.query(
          `select a.id as agent_id, a.name, n.n, n.n >= ${cap} as capped from agents a
           cross join lateral (select count(*)::int as n from (select 1 from calls c where c.agent_id = a.id${and} limit ${cap}) capped) n
           where n.n > 0 order by coalesce(a.name, a.id), a.id`,
          params,
        )
      ).rows;
  return rows.map((r) => ({ agentId: r.agent_id as string, name: (r.name as string | null) ?? null, count: r.n as number, capped: r.capped as boolean }));
}

/** The evaluation metrics Cartesia has results for, for the filter menu. */
export async function evaluationMetricNames(pool: Pool): Promise<{ name: string; displayName: string | null }[]> {
  const { rows } = await pool.query(
    `select n.name, (select m.display_name from evaluation_metrics m where m.name = n.name limit 1) as display_name
     from (select distinct metric_name as name from evaluation_results) n order by 1 limit 200`,
  );
  return rows.map((r) => ({ name: r.name as string, displayName: (r.display_name as string | null) ?? null }));
}

/** The end reasons of recent calls, for the filter menu (read from the newest calls, so it stays quick at any size). */
export async function recentEndReasons(pool: Pool, scan = 10_000): Promise<string[]> {
  const { rows } = await pool.query(
    `select distinct end_reason from (select end_reason from calls order by sort_time desc limit $1) recent where end_reason is not null order by 1 limit 50`,
    [scan],
  );
  return rows.map((r) => r.end_reason as string);
}

/** How many calls match the filters (for progress bars). */
export async function countCalls(pool: Pool, filters: CallFilters, now = new Date()): Promise<number> {
  const params: unknown[] = [];
  const where = whereClause(filters, params, now);
  const { rows } = await pool.query(`select count(*)::int as n from calls c ${where.length ? `where ${where.join(" and ")}` : ""}`, params);
  return rows[0].n;
}
