import Link from "next/link";
import type { CallFilters } from "@/lib/calls/call-filters";
import { AutoSubmitForm } from "./auto-submit-form";
import { LocalDateTimeInput } from "./local-date-time-input";

const STATUSES = ["started", "active", "completed", "failed", "cancelled", "placeholder"];
const RANGES = [
  ["", "Any time"],
  ["1h", "Last hour"],
  ["24h", "Last 24 hours"],
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
] as const;

const control = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export function CallFiltersForm({
  filters,
  agents,
  deployments,
  endReasons,
  metrics,
}: {
  filters: CallFilters;
  agents: { agentId: string; name: string | null; count: number; capped: boolean }[];
  deployments: string[];
  endReasons: string[];
  metrics: { name: string; displayName: string | null }[];
}) {
  const more =
    filters.end_reason.length > 0 ||
    filters.batch.length > 0 ||
    !!filters.eval ||
    filters.min_duration !== undefined ||
    filters.max_duration !== undefined ||
    !!filters.phone ||
    !!filters.has_error ||
    !!filters.has_tool_calls;
  return (
    <AutoSubmitForm action="/calls" className="mb-4 space-y-3 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-64 flex-1 flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Search transcripts, call ids and phone numbers
          <input
            type="search"
            name="q"
            defaultValue={filters.q ?? ""}
            placeholder='e.g. margherit, "next tuesday", MZ4958…, +1 555…'
            className={`${control} mt-1 font-normal`}
          />
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Status
          <select name="status" defaultValue={filters.status[0] ?? ""} className={`${control} mt-1`}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === "placeholder" ? "pending (telemetry only)" : s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Deployment
          <select name="deployment" defaultValue={filters.deployment[0] ?? ""} className={`${control} mt-1 max-w-56`}>
            <option value="">Any deployment</option>
            {deployments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Time
          <select name="range" defaultValue={filters.range ?? ""} className={`${control} mt-1`}>
            {RANGES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          From (your time)
          <LocalDateTimeInput name="from" iso={filters.from?.toISOString()} className={`${control} mt-1`} />
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          To (your time)
          <LocalDateTimeInput name="to" iso={filters.to?.toISOString()} className={`${control} mt-1`} />
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Recording
          <select name="recording" defaultValue={filters.recording ?? ""} className={`${control} mt-1`}>
            <option value="">Any</option>
            <option value="yes">With recording</option>
            <option value="no">Without recording</option>
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Sort
          <select name="sort" defaultValue={filters.sort} className={`${control} mt-1`}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
            <option value="longest">Longest first</option>
            <option value="slowest">Slowest (TTFB p50) first</option>
          </select>
        </label>
        <button type="submit" className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800">
          Apply
        </button>
        <Link href="/calls" className="py-1.5 text-sm text-zinc-600 hover:underline dark:text-zinc-400">
          Clear
        </Link>
      </div>
      <details open={more} className="group">
        <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">
          More filters: end reason, duration, errors, tool calls, batch, phone number
        </summary>
        <div className="mt-2 flex flex-wrap items-end gap-3">
          <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
            End reason
            <select name="end_reason" defaultValue={filters.end_reason[0] ?? ""} className={`${control} mt-1 max-w-56`}>
              <option value="">Any end reason</option>
              {[...new Set([...endReasons, ...filters.end_reason])].map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Duration from (s)
            <input type="number" name="min_duration" min={0} step="any" defaultValue={filters.min_duration ?? ""} className={`${control} mt-1 w-28`} />
          </label>
          <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
            to (s)
            <input type="number" name="max_duration" min={0} step="any" defaultValue={filters.max_duration ?? ""} className={`${control} mt-1 w-28`} />
          </label>
          <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Errors
            <select name="has_error" defaultValue={filters.has_error ?? ""} className={`${control} mt-1`}>
              <option value="">Any</option>
              <option value="yes">With an error</option>
              <option value="no">Without errors</option>
            </select>
          </label>
          <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Tool calls
            <select name="has_tool_calls" defaultValue={filters.has_tool_calls ?? ""} className={`${control} mt-1`}>
              <option value="">Any</option>
              <option value="yes">With tool calls</option>
              <option value="no">Without tool calls</option>
            </select>
          </label>
          {metrics.length ? (
            <>
              <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
                Evaluation
                <select name="eval" defaultValue={filters.eval ?? ""} className={`${control} mt-1 max-w-56`}>
                  <option value="">Any</option>
                  {metrics.map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.displayName ?? m.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
                Result
                <select name="eval_value" defaultValue={filters.eval_value ?? ""} className={`${control} mt-1`}>
                  <option value="">Any result</option>
                  <option value="true">Passed</option>
                  <option value="false">Failed</option>
                  <option value="failed">Not computed</option>
                </select>
              </label>
            </>
          ) : null}
          <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Batch
            <input name="batch" defaultValue={filters.batch[0] ?? ""} placeholder="batch id" className={`${control} mt-1 w-40`} />
          </label>
          <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Phone number
            <input type="tel" name="phone" defaultValue={filters.phone ?? ""} placeholder="any format" className={`${control} mt-1 w-40`} />
          </label>
        </div>
      </details>
      {agents.length ? (
        <fieldset className="flex min-w-0 flex-wrap items-center gap-2">
          <legend className="sr-only">Agents</legend>
          <span className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Agents:</span>
          {agents.map((a) => (
            <label
              key={a.agentId}
              className="flex max-w-full cursor-pointer items-center gap-1.5 rounded-full border border-zinc-300 px-2.5 py-1 text-xs has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50 dark:border-zinc-700 dark:has-[:checked]:bg-sky-950"
            >
              <input type="checkbox" name="agent" value={a.agentId} defaultChecked={filters.agent.includes(a.agentId)} className="accent-sky-600" />
              <span className={`min-w-0 truncate ${a.name ? "" : "font-mono"}`} title={a.agentId}>
                {a.name ?? a.agentId}
              </span>
              <span className="text-zinc-500 tabular-nums">
                {a.count.toLocaleString("en")}
                {a.capped ? "+" : ""}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </AutoSubmitForm>
  );
}
