import { ApplyButton, FilterForm } from "@/components/filters/filter-form";
import { rangeOptions } from "@/components/filters/range-options";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SelectField } from "@/components/ui/select-field";
import { LATENCY_RANGES, type LatencyFilters, timeZones } from "@/lib/latency/latency-filters";
import { TimeZoneField } from "./time-zone-field";

const RANGES = rangeOptions(LATENCY_RANGES);
const CHARTS = [
  { value: "none", label: "Percentiles" },
  { value: "agent", label: "p95 per agent" },
];

/** The latency page's filters: applied as soon as one changes, or with Apply. */
export function LatencyFiltersForm({
  filters,
  metrics,
  agents,
  deployments,
}: {
  filters: LatencyFilters;
  metrics: string[];
  agents: string[];
  deployments: string[];
}) {
  return (
    <FilterForm action="/latency" className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="stages" value={filters.stages} />
      <SelectField label="Time" name="range" defaultValue={filters.range} options={RANGES} />
      <SelectField label="Figure" name="metric" defaultValue={filters.metric} options={metrics} />
      <SelectField label="Agent" name="agent" defaultValue={filters.agent[0] ?? ""} empty="All agents" options={agents} />
      <SelectField label="Deployment" name="deployment" defaultValue={filters.deployment[0] ?? ""} empty="All deployments" options={deployments} />
      <SelectField label="Chart" name="compare" defaultValue={filters.compare} options={CHARTS} />
      <Field label="Threshold (ms)">
        <Input type="number" name="threshold" min={1} defaultValue={filters.threshold} className="w-24" />
      </Field>
      <Field label="Time zone">
        <TimeZoneField value={filters.tz} zones={timeZones()} className="w-48" />
      </Field>
      <ApplyButton />
    </FilterForm>
  );
}
