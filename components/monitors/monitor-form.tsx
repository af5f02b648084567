"use client";

import { startTransition, useActionState, useState } from "react";
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

const input = "mt-1 w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const labelClass = "flex min-w-0 flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400";

const UNIT_HINT = { ms: "milliseconds", ratio: "percent of the values", calls: "calls", causes: "causes" } as const;
const FIRES_HINT = {
  above: "Fires when the figure is above the threshold.",
  at_most: "Fires when the figure is at or below the threshold (0: no call at all).",
} as const;

/** A labelled control: `name` is the control's id, and its hint describes it. */
function Field({ label, name, hint, children }: { label: string; name: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className={labelClass}>
      <label htmlFor={name}>{label}</label>
      {children}
      {hint ? (
        <span id={`${name}-hint`} className="mt-1 font-normal text-zinc-500">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

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
  options: (string | { value: string; label: string })[];
  value: string;
  disabled: boolean;
}) {
  return (
    <Field name={name} label={label}>
      <select name={name} id={name} defaultValue={value} disabled={disabled} className={input}>
        <option value="">{every}</option>
        {options.map((o) => {
          const { value: v, label: text } = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
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
        <Field name="name" label="Name">
          <input name="name" id="name" required maxLength={100} defaultValue={values.name} placeholder="e.g. Slow speech, support agent" className={input} />
        </Field>
        <Field name="metric" label="Figure" hint={FIRES_HINT[definition.fires]}>
          <select
            name="metric"
            id="metric"
            aria-describedby="metric-hint"
            value={metric}
            onChange={(e) => setMetric(e.target.value as MonitorMetric)}
            disabled={editing}
            className={input}
          >
            {Object.entries(MONITOR_METRICS).map(([key, m]) => (
              <option key={key} value={key}>
                {m.label}
              </option>
            ))}
          </select>
        </Field>
        <Field name="threshold" label={`Threshold (${UNIT_HINT[definition.unit]})`}>
          <input name="threshold" id="threshold" type="number" required min={0} step="any" defaultValue={values.threshold} className={input} />
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
        <Field name="window_minutes" label="Window (minutes)" hint="The figure is taken over this trailing window.">
          <input
            name="window_minutes"
            id="window_minutes"
            aria-describedby="window_minutes-hint"
            type="number"
            required
            min={1}
            max={10080}
            step={1}
            defaultValue={values.windowMinutes}
            className={input}
          />
        </Field>
        <Field
          name="min_values"
          label="Fewest values"
          hint={definition.values ? `Fewer ${definition.values} than this is “no data”, never firing.` : "Not used: this figure is a count."}
        >
          <input
            name="min_values"
            id="min_values"
            aria-describedby="min_values-hint"
            type="number"
            required
            min={1}
            step={1}
            defaultValue={values.minValues}
            className={input}
          />
        </Field>
        <Field name="renotify_minutes" label="Remind every (minutes)" hint="While firing; empty notifies once.">
          <input
            name="renotify_minutes"
            id="renotify_minutes"
            aria-describedby="renotify_minutes-hint"
            type="number"
            min={1}
            max={10080}
            step={1}
            defaultValue={values.renotifyMinutes}
            className={input}
          />
        </Field>
      </div>
      <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <legend className="px-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">Notify</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            name="webhook_url"
            label="Webhook URL"
            hint="JSON, signed with its time in x-callscope-signature; a public address (or one in OUTBOUND_ALLOWLIST). Empty: no webhook."
          >
            <input
              name="webhook_url"
              id="webhook_url"
              aria-describedby="webhook_url-hint"
              type="url"
              defaultValue={values.webhookUrl}
              placeholder="https://example.com/hooks/callscope"
              className={input}
            />
          </Field>
          <Field
            name="webhook_secret"
            label="Webhook secret"
            hint={values.hasWebhookSecret ? "Empty keeps the secret set before." : "At least 8 characters; signs each body."}
          >
            <input
              name="webhook_secret"
              id="webhook_secret"
              aria-describedby="webhook_secret-hint"
              type="password"
              autoComplete="new-password"
              minLength={8}
              className={input}
            />
          </Field>
          <Field
            name="slack_url"
            label="Slack incoming-webhook URL"
            hint={values.slackHint ? `Now ${values.slackHint}; empty keeps it.` : "A https://hooks.slack.com/ URL. Empty: no Slack message."}
          >
            <input
              name="slack_url"
              id="slack_url"
              aria-describedby="slack_url-hint"
              type="url"
              placeholder="https://hooks.slack.com/services/…"
              className={input}
            />
          </Field>
          <Field name="email_to" label="Email to" hint="Sent through the SMTP server of SMTP_HOST.">
            <input
              name="email_to"
              id="email_to"
              aria-describedby="email_to-hint"
              type="email"
              defaultValue={values.emailTo}
              placeholder="oncall@example.com"
              className={input}
            />
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
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
        >
          {editing ? "Save" : "Create monitor"}
        </button>
        <ActionMessage state={state} only="message" />
      </div>
      <ActionMessage state={state} only="error" />
    </form>
  );
}
