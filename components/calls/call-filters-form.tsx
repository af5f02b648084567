import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
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
        <Field label="Search transcripts, call ids and phone numbers" className="min-w-64 flex-1">
          <Input type="search" name="q" defaultValue={filters.q ?? ""} placeholder='e.g. margherit, "next tuesday", MZ4958…, +1 555…' className="font-normal" />
        </Field>
        <Field label="Status">
          <Select name="status" defaultValue={filters.status[0] ?? ""}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === "placeholder" ? "pending (telemetry only)" : s}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Deployment">
          <Select name="deployment" defaultValue={filters.deployment[0] ?? ""} className="max-w-56">
            <option value="">Any deployment</option>
            {deployments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Time">
          <Select name="range" defaultValue={filters.range ?? ""}>
            {RANGES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="From (your time)">
          <LocalDateTimeInput name="from" iso={filters.from?.toISOString()} />
        </Field>
        <Field label="To (your time)">
          <LocalDateTimeInput name="to" iso={filters.to?.toISOString()} />
        </Field>
        <Field label="Recording">
          <Select name="recording" defaultValue={filters.recording ?? ""}>
            <option value="">Any</option>
            <option value="yes">With recording</option>
            <option value="no">Without recording</option>
          </Select>
        </Field>
        <Field label="Sort">
          <Select name="sort" defaultValue={filters.sort}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
            <option value="longest">Longest first</option>
            <option value="slowest">Slowest (TTFB p50) first</option>
          </Select>
        </Field>
        <Button type="submit" variant="primary">
          Apply
        </Button>
        <Link href="/calls" className="py-1.5 text-sm text-zinc-600 hover:underline dark:text-zinc-400">
          Clear
        </Link>
      </div>
      <details open={more} className="group">
        <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">
          More filters: end reason, duration, errors, tool calls, batch, phone number
        </summary>
        <div className="mt-2 flex flex-wrap items-end gap-3">
          <Field label="End reason">
            <Select name="end_reason" defaultValue={filters.end_reason[0] ?? ""} className="max-w-56">
              <option value="">Any end reason</option>
              {[...new Set([...endReasons, ...filters.end_reason])].map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Duration from (s)">
            <Input type="number" name="min_duration" min={0} step="any" defaultValue={filters.min_duration ?? ""} className="w-28" />
          </Field>
          <Field label="to (s)">
            <Input type="number" name="max_duration" min={0} step="any" defaultValue={filters.max_duration ?? ""} className="w-28" />
          </Field>
          <Field label="Errors">
            <Select name="has_error" defaultValue={filters.has_error ?? ""}>
              <option value="">Any</option>
              <option value="yes">With an error</option>
              <option value="no">Without errors</option>
            </Select>
          </Field>
          <Field label="Tool calls">
            <Select name="has_tool_calls" defaultValue={filters.has_tool_calls ?? ""}>
              <option value="">Any</option>
              <option value="yes">With tool calls</option>
              <option value="no">Without tool calls</option>
            </Select>
          </Field>
          {metrics.length ? (
            <>
              <Field label="Evaluation">
                <Select name="eval" defaultValue={filters.eval ?? ""} className="max-w-56">
                  <option value="">Any</option>
                  {metrics.map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.displayName ?? m.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Result">
                <Select name="eval_value" defaultValue={filters.eval_value ?? ""}>
                  <option value="">Any result</option>
                  <option value="true">Passed</option>
                  <option value="false">Failed</option>
                  <option value="failed">Not computed</option>
                </Select>
              </Field>
            </>
          ) : null}
          <Field label="Batch">
            <Input name="batch" defaultValue={filters.batch[0] ?? ""} placeholder="batch id" className="w-40" />
          </Field>
          <Field label="Phone number">
            <Input type="tel" name="phone" defaultValue={filters.phone ?? ""} placeholder="any format" className="w-40" />
          </Field>
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
