import { AutoSubmitForm } from "@/components/calls/auto-submit-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { type LatencyFilters, timeZones } from "@/lib/latency/latency-filters";
import { TimeZoneField } from "./time-zone-field";

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
    <AutoSubmitForm
      action="/latency"
      className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <input type="hidden" name="stages" value={filters.stages} />
      <Field label="Time">
        <Select name="range" defaultValue={filters.range}>
          <option value="6h">Last 6 hours</option>
          <option value="24h">Last 24 hours</option>
          <option value="7d">Last 7 days</option>
          <option value="30d">Last 30 days</option>
        </Select>
      </Field>
      <Field label="Figure">
        <Select name="metric" defaultValue={filters.metric}>
          {metrics.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Agent">
        <Select name="agent" defaultValue={filters.agent[0] ?? ""}>
          <option value="">All agents</option>
          {agents.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Deployment">
        <Select name="deployment" defaultValue={filters.deployment[0] ?? ""}>
          <option value="">All deployments</option>
          {deployments.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Chart">
        <Select name="compare" defaultValue={filters.compare}>
          <option value="none">Percentiles</option>
          <option value="agent">p95 per agent</option>
        </Select>
      </Field>
      <Field label="Threshold (ms)">
        <Input type="number" name="threshold" min={1} defaultValue={filters.threshold} className="w-24" />
      </Field>
      <Field label="Time zone">
        <TimeZoneField value={filters.tz} zones={timeZones()} className="w-48" />
      </Field>
      <Button type="submit" variant="primary">
        Apply
      </Button>
    </AutoSubmitForm>
  );
}
