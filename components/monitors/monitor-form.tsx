"use client";

import { startTransition, useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select, type SelectOption } from "@/components/ui/select";
import { SelectField } from "@/components/ui/select-field";
import { ActionMessage } from "./action-message";
import { createMonitorAction, type MonitorFormState, updateMonitorAction } from "@/lib/monitors/monitor-actions";
import { MONITOR_METRICS, type MonitorMetric } from "@/lib/monitors/monitor-definitions";

export type MonitorFormValues = {
  id?: string;
  name: string;
  metric: MonitorMetric;
  agentId: string;
  deploymentId: string;
  evaluation: string;
  causeId: string;
  windowMinutes: number;
  /** as typed: a percentage for rates */
  threshold: number | "";
  minValues: number;
  renotifyMinutes: number | "";
  paused: boolean;
  webhookUrl: string;
  hasWebhookSecret: boolean;
  slackHint: string | null;
  emailTo: string;
};

const UNIT_HINT = { ms: "milliseconds", ratio: "percent of the values", calls: "calls", causes: "causes" } as const;
const FIRES_HINT = {
  above: "Fires when the figure is above the threshold.",
  at_most: "Fires when the figure is at or below the threshold (0: no call at all).",
} as const;

/** A choice among what exists, or every one of them (the empty value). */
function Choice({
  name,
  label,
  every,
  options,
  value,
  disabled,
}: {
  name: string;
  label: string;
  every: string;
  options: SelectOption[];
  value: string;
  disabled: boolean;
}) {
  return (
    <SelectField
      fieldClassName="min-w-0"
      label={label}
      name={name}
      id={name}
      defaultValue={value}
      disabled={disabled}
      className="w-full"
      empty={every}
      options={options}
    />
  );
}

/** A number of minutes, at most a week. */
function MinutesField({ name, label, hint, value, required = false }: { name: string; label: string; hint: string; value: number | ""; required?: boolean }) {
  return (
    <Field className="min-w-0" label={label} hint={hint}>
      <Input name={name} id={name} type="number" required={required} min={1} max={10080} step={1} defaultValue={value} className="w-full" />
    </Field>
  );
}

/** Making a monitor (with what it watches) or changing one (its threshold, window and channels). */
export function MonitorForm({
  values,
  agents,
  deployments,
  evaluations,
  causes = [],
}: {
  values: MonitorFormValues;
  agents: string[];
  deployments: string[];
  evaluations: string[];
  causes?: { id: string; title: string }[];
}) {
  const editing = Boolean(values.id);
  const [state, action, pending] = useActionState<MonitorFormState, FormData>(editing ? updateMonitorAction : createMonitorAction, null);
  const [metric, setMetric] = useState<MonitorMetric>(values.metric);
  const definition = MONITOR_METRICS[metric];
  return (
    <form
      // Submitted by hand rather than through `action`, which resets the fields: a refused form keeps what was typed.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
      className="space-y-4"
      aria-label={editing ? "Edit monitor" : "New monitor"}
    >
      {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Field className="min-w-0" label="Name">
          <Input name="name" id="name" required maxLength={100} defaultValue={values.name} placeholder="e.g. Slow speech, support agent" className="w-full" />
        </Field>
        <Field className="min-w-0" label="Figure" hint={FIRES_HINT[definition.fires]}>
          <Select
            name="metric"
            id="metric"
            value={metric}
            onChange={(e) => setMetric(e.target.value as MonitorMetric)}
            disabled={editing}
            className="w-full"
            options={Object.entries(MONITOR_METRICS).map(([key, m]) => ({ value: key, label: m.label }))}
          />
        </Field>
        <Field className="min-w-0" label={`Threshold (${UNIT_HINT[definition.unit]})`}>
          <Input name="threshold" id="threshold" type="number" required min={0} step="any" defaultValue={values.threshold} className="w-full" />
        </Field>
        <Choice name="agent_id" label="Agent" every="Every agent" options={agents} value={values.agentId} disabled={editing} />
        <Choice name="deployment_id" label="Deployment" every="Every deployment" options={deployments} value={values.deploymentId} disabled={editing} />
        {metric === "evaluation_fail_rate" ? (
          <Choice name="evaluation" label="Evaluation" every="Every evaluation" options={evaluations} value={values.evaluation} disabled={editing} />
        ) : null}
        {metric === "cause_rate" ? (
          <Choice
            name="cause_id"
            label="Cause"
            every="Any cause"
            options={causes.map((c) => ({ value: c.id, label: c.title.length > 80 ? `${c.title.slice(0, 79)}…` : c.title }))}
            value={values.causeId}
            disabled={editing}
          />
        ) : null}
        <MinutesField
          name="window_minutes"
          label="Window (minutes)"
          hint="The figure is taken over this trailing window."
          value={values.windowMinutes}
          required
        />
        <Field
          className="min-w-0"
          label="Fewest values"
          hint={definition.values ? `Fewer ${definition.values} than this is “no data”, never firing.` : "Not used: this figure is a count."}
        >
          <Input name="min_values" id="min_values" type="number" required min={1} step={1} defaultValue={values.minValues} className="w-full" />
        </Field>
        <MinutesField name="renotify_minutes" label="Remind every (minutes)" hint="While firing; empty notifies once." value={values.renotifyMinutes} />
      </div>
      <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <legend className="px-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">Notify</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            className="min-w-0"
            label="Webhook URL"
            hint="JSON, signed with its time in x-callscope-signature; a public address (or one in OUTBOUND_ALLOWLIST). Empty: no webhook."
          >
            <Input
              name="webhook_url"
              id="webhook_url"
              type="url"
              defaultValue={values.webhookUrl}
              placeholder="https://example.com/hooks/callscope"
              className="w-full"
            />
          </Field>
          <Field
            className="min-w-0"
            label="Webhook secret"
            hint={values.hasWebhookSecret ? "Empty keeps the secret set before." : "At least 8 characters; signs each body."}
          >
            <Input name="webhook_secret" id="webhook_secret" type="password" autoComplete="new-password" minLength={8} className="w-full" />
          </Field>
          <Field
            className="min-w-0"
            label="Slack incoming-webhook URL"
            hint={values.slackHint ? `Now ${values.slackHint}; empty keeps it.` : "A https://hooks.slack.com/ URL. Empty: no Slack message."}
          >
            <Input name="slack_url" id="slack_url" type="url" placeholder="https://hooks.slack.com/services/…" className="w-full" />
          </Field>
          <Field className="min-w-0" label="Email to" hint="Sent through the SMTP server of SMTP_HOST.">
            <Input name="email_to" id="email_to" type="email" defaultValue={values.emailTo} placeholder="oncall@example.com" className="w-full" />
          </Field>
        </div>
        {values.slackHint ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="slack_remove" /> Stop sending to Slack
          </label>
        ) : null}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="paused" defaultChecked={values.paused} /> Paused
        </label>
        <Button type="submit" variant="primary" disabled={pending}>
          {editing ? "Save" : "Create monitor"}
        </Button>
        <ActionMessage state={state} only="message" />
      </div>
      <ActionMessage state={state} only="error" />
    </form>
  );
}
