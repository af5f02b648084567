import Link from "next/link";
import { ApplyButton, FilterForm } from "@/components/filters/filter-form";
import { rangeOptions } from "@/components/filters/range-options";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SelectField } from "@/components/ui/select-field";
import { type CallFilters, RANGE_PRESETS } from "@/lib/calls/call-filters";
import { LocalDateTimeInput } from "./local-date-time-input";

const STATUSES = ["started", "active", "completed", "failed", "cancelled", "placeholder"].map((s) => ({
  value: s,
  label: s === "placeholder" ? "pending (telemetry only)" : s,
}));
const RANGES = rangeOptions(RANGE_PRESETS);
const SORTS = [
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
  { value: "longest", label: "Longest first" },
  { value: "slowest", label: "Slowest (TTFB p50) first" },
];
const EVAL_RESULTS = [
  { value: "true", label: "Passed" },
  { value: "false", label: "Failed" },
  { value: "failed", label: "Not computed" },
];

/** A filter the URL may repeat (?deployment=a&deployment=b), offered as one choice among `names`; kept narrow, as names can be long. */
function NameField({ label, name, chosen, names, empty }: { label: string; name: string; chosen: string[]; names: string[]; empty: string }) {
  return <SelectField label={label} name={name} defaultValue={chosen[0] ?? ""} className="max-w-56" empty={empty} options={names} />;
}

/** A filter that is off ("Any"), "yes" (`yes` labels it: with the thing) or "no" (without it). */
function YesNoField({ label, name, value, yes, no }: { label: string; name: string; value: string | undefined; yes: string; no: string }) {
  return (
    <SelectField
      label={label}
      name={name}
      defaultValue={value ?? ""}
      empty="Any"
      options={[
        { value: "yes", label: yes },
        { value: "no", label: no },
      ]}
    />
  );
}

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
  // A reason in the link stays offered even when no recent call ended with it.
  const endReasonNames = [...new Set([...endReasons, ...filters.end_reason])];
  return (
    <FilterForm action="/calls" className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Search transcripts, call ids and phone numbers" className="min-w-64 flex-1">
          <Input type="search" name="q" defaultValue={filters.q ?? ""} placeholder='e.g. margherit, "next tuesday", MZ4958…, +1 555…' className="font-normal" />
        </Field>
        <SelectField label="Status" name="status" defaultValue={filters.status[0] ?? ""} empty="Any status" options={STATUSES} />
        <NameField label="Deployment" name="deployment" chosen={filters.deployment} names={deployments} empty="Any deployment" />
        <SelectField label="Time" name="range" defaultValue={filters.range ?? ""} empty="Any time" options={RANGES} />
        <Field label="From (your time)">
          <LocalDateTimeInput name="from" iso={filters.from?.toISOString()} />
        </Field>
        <Field label="To (your time)">
          <LocalDateTimeInput name="to" iso={filters.to?.toISOString()} />
        </Field>
        <YesNoField label="Recording" name="recording" value={filters.recording} yes="With recording" no="Without recording" />
        <SelectField label="Sort" name="sort" defaultValue={filters.sort} options={SORTS} />
        <ApplyButton />
        <Link href="/calls" className="py-1.5 text-sm text-zinc-600 hover:underline dark:text-zinc-400">
          Clear
        </Link>
      </div>
      <details open={more} className="group">
        <summary className="cursor-pointer text-xs font-medium text-zinc-600 dark:text-zinc-400">
          More filters: end reason, duration, errors, tool calls, batch, phone number
        </summary>
        <div className="mt-2 flex flex-wrap items-end gap-3">
          <NameField label="End reason" name="end_reason" chosen={filters.end_reason} names={endReasonNames} empty="Any end reason" />
          <Field label="Duration from (s)">
            <Input type="number" name="min_duration" min={0} step="any" defaultValue={filters.min_duration ?? ""} className="w-28" />
          </Field>
          <Field label="to (s)">
            <Input type="number" name="max_duration" min={0} step="any" defaultValue={filters.max_duration ?? ""} className="w-28" />
          </Field>
          <YesNoField label="Errors" name="has_error" value={filters.has_error} yes="With an error" no="Without errors" />
          <YesNoField label="Tool calls" name="has_tool_calls" value={filters.has_tool_calls} yes="With tool calls" no="Without tool calls" />
          {metrics.length ? (
            <>
              <SelectField
                label="Evaluation"
                name="eval"
                defaultValue={filters.eval ?? ""}
                className="max-w-56"
                empty="Any"
                options={metrics.map((m) => ({ value: m.name, label: m.displayName ?? m.name }))}
              />
              <SelectField label="Result" name="eval_value" defaultValue={filters.eval_value ?? ""} empty="Any result" options={EVAL_RESULTS} />
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
    </FilterForm>
  );
}
