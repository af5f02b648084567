import type { Metadata } from "next";
import Link from "next/link";
import { SaveOutcome } from "@/components/settings/save-outcome";
import { SettingsShell } from "@/components/settings/settings-shell";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { SelectField } from "@/components/ui/select-field";
import { requireAdmin } from "@/lib/auth/session";
import { readPool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getPrivacyPage } from "@/lib/privacy/get-privacy-page";
import { runRetentionNowAction, savePrivacyAction } from "@/lib/privacy/privacy-actions";
import { REDACTION_KINDS } from "@/lib/redaction-kinds";

export const metadata: Metadata = { title: "Privacy" };
export const dynamic = "force-dynamic";

const KIND_LABELS: Record<(typeof REDACTION_KINDS)[number], string> = {
  card: "Card numbers (checked with Luhn; written or spoken digit by digit)",
  email: "Email addresses",
  phone: "Phone numbers (international, and national forms of the phone region)",
  ssn: "US social security numbers (with dashes or spaces)",
  iban: "IBANs (checked with mod 97)",
};

/** Full width; dimmed when the environment fixes the value, with the variable named below it. */
const control = "w-full disabled:opacity-60";
const fixedNote = "mt-1 font-normal text-amber-700 dark:text-amber-400";

/** A number of days, or empty (`empty` says what that means); `fixedBy` names the variable that fixes it, when one does. */
function DaysField({
  name,
  label: text,
  value,
  fixedBy,
  empty = "forever",
}: {
  name: string;
  label: string;
  value: number | null;
  fixedBy?: string | null;
  empty?: string;
}) {
  return (
    <Field label={text} hint={fixedBy ? `Set by ${fixedBy}.` : null} hintClassName={fixedNote} className="min-w-0">
      <Input
        id={name}
        name={name}
        type="number"
        min={1}
        max={36500}
        placeholder={empty}
        defaultValue={value ?? ""}
        disabled={Boolean(fixedBy)}
        className={control}
      />
    </Field>
  );
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PrivacyPage({ searchParams }: Props) {
  await requireAdmin();
  const query = await searchParams;
  const { stored, policy, agents, preview, last, nextRun } = await getPrivacyPage(readPool());
  const e = env();
  const agentName = new Map(agents.map((a) => [a.id, a.name ?? a.id]));
  const overridden = Object.entries(stored.agents);

  return (
    <SettingsShell active="/settings/privacy">
      <SaveOutcome
        query={query}
        saved="Saved. Deliveries received from now on follow it (within a few seconds on every instance); what is stored already is not changed."
      />
      <form action={savePrivacyAction} className="space-y-6">
        <Card>
          <h2 className="text-lg font-semibold">Redaction before storage</h2>
          <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            What is checked is replaced by a mark such as <code className="font-mono">[card]</code> in transcripts, summaries, tool calls, events, logs,
            evaluations and the raw deliveries before anything is written: the original never reaches the database. Text redaction cannot catch everything (a
            number read out in words mixed with other words, a name, a health detail): see{" "}
            <Link className="underline" href="/docs/personal-data">
              Personal data
            </Link>
            .
          </p>
          <fieldset disabled={policy.fixed.redact} className="space-y-2">
            <legend className="sr-only">Kinds to redact</legend>
            {!policy.fixed.redact ? <input type="hidden" name="redact_shown" value="1" /> : null}
            {REDACTION_KINDS.map((kind) => (
              <label key={kind} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name={`redact_${kind}`} defaultChecked={policy.redact.includes(kind)} className="mt-0.5" />
                <span>
                  <span className="font-mono">{kind}</span>: {KIND_LABELS[kind]}
                </span>
              </label>
            ))}
          </fieldset>
          {policy.fixed.redact ? (
            <p className={fixedNote}>
              Set by the environment: <code className="font-mono">CALLSCOPE_REDACT={e.CALLSCOPE_REDACT}</code>, which wins over this page.
            </p>
          ) : null}
          <p className="mt-2 text-xs text-zinc-500">
            Phone region for national forms: <code className="font-mono">{policy.phoneRegion}</code> (CALLSCOPE_PHONE_REGION).
          </p>
          <SelectField
            label="Recordings of calls where something was redacted"
            hint={policy.fixed.redactAudio ? `Set by CALLSCOPE_REDACT_AUDIO=${e.CALLSCOPE_REDACT_AUDIO}.` : null}
            hintClassName={fixedNote}
            fieldClassName="mt-4 max-w-md min-w-0"
            id="redact_audio"
            name="redact_audio"
            defaultValue={policy.redactAudio}
            disabled={policy.fixed.redactAudio}
            className={control}
            options={[
              { value: "keep", label: "Keep them (audio cannot be redacted)" },
              { value: "drop", label: "Drop them: store no recording for such calls" },
            ]}
          />
        </Card>

        <Card>
          <h2 className="text-lg font-semibold">Retention</h2>
          <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            A daily job deletes content older than the period: transcripts, tool calls, events, metrics, logs, raw deliveries, numbers and metadata, and
            recordings after theirs. The call stays as a record with its figures (status, times, duration, turns, latency, what the caller heard), so charts
            over long ranges keep it. Empty keeps forever.
          </p>
          <div className="grid gap-4 sm:grid-cols-2">
            <DaysField
              name="retention_days"
              label="Content, in days"
              value={policy.retentionDays}
              fixedBy={policy.fixed.retentionDays ? "RETENTION_DAYS" : null}
            />
            <DaysField
              name="recording_retention_days"
              label="Recordings, in days"
              value={policy.recordingRetentionDays}
              fixedBy={policy.fixed.recordingRetentionDays ? "RECORDING_RETENTION_DAYS" : null}
            />
          </div>
          <h3 className="mt-5 text-sm font-semibold">Per agent</h3>
          <p className="mt-1 text-xs text-zinc-500">An agent&apos;s own period replaces the global one for its calls. Empty both to remove it.</p>
          <div className="mt-2 space-y-3">
            {overridden.map(([id, own]) => (
              <div key={id} className="grid gap-2 sm:grid-cols-3 sm:items-end">
                <input type="hidden" name="agent_id" value={id} />
                <p className="min-w-0 truncate text-sm font-medium" title={id}>
                  {agentName.get(id) ?? id}
                </p>
                <DaysField name={`agent:${id}:retention_days`} label="Content, in days" value={own.retentionDays} empty="global" />
                <DaysField name={`agent:${id}:recording_retention_days`} label="Recordings, in days" value={own.recordingRetentionDays} empty="global" />
              </div>
            ))}
            <div className="grid gap-2 sm:grid-cols-3 sm:items-end">
              <SelectField
                label="Add an agent"
                fieldClassName="min-w-0"
                id="new_agent_id"
                name="new_agent_id"
                defaultValue=""
                className={control}
                empty="—"
                options={agents.filter((a) => !stored.agents[a.id]).map((a) => ({ value: a.id, label: a.name ?? a.id }))}
              />
              <DaysField name="new_agent:retention_days" label="Content, in days" value={null} empty="global" />
              <DaysField name="new_agent:recording_retention_days" label="Recordings, in days" value={null} empty="global" />
            </div>
          </div>
        </Card>
        <Button type="submit" variant="primary">
          Save privacy settings
        </Button>
      </form>

      <Card className="mt-6">
        <h2 className="text-lg font-semibold">The retention job</h2>
        <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-xs font-medium text-zinc-500 uppercase">Next run</dt>
            <dd data-testid="retention-next">
              {nextRun ? <LocalTime iso={nextRun.toISOString()} relative={false} /> : "when the server next starts"}: the content of{" "}
              {preview.calls.toLocaleString("en-US")}
              {preview.capped ? "+" : ""} call{preview.calls === 1 ? "" : "s"} and {preview.recordings.toLocaleString("en-US")} recording
              {preview.recordings === 1 ? "" : "s"} are past their period now.
            </dd>
          </div>
          <div>
            <dt className="text-xs font-medium text-zinc-500 uppercase">Last run</dt>
            <dd data-testid="retention-last">
              {last ? (
                <>
                  <LocalTime iso={(last.finishedAt ?? last.startedAt).toISOString()} relative={false} />
                  {last.error
                    ? `: failed (${last.error})`
                    : `: deleted the content of ${last.calls} call${last.calls === 1 ? "" : "s"}, ${last.recordings} recording${last.recordings === 1 ? "" : "s"}, ${last.deliveries} raw deliveries without a call, ${last.deploymentLogs} deployment log lines and ${last.auditEvents} audit events.`}
                </>
              ) : (
                "never"
              )}
            </dd>
          </div>
        </dl>
        <p className="mt-3 text-xs text-zinc-500">Audit events are kept {e.AUDIT_RETENTION_DAYS} days (AUDIT_RETENTION_DAYS).</p>
        <form action={runRetentionNowAction} className="mt-3">
          <Button type="submit">Run retention now</Button>
          {query.retention === "queued" ? <span className="ml-3 text-sm text-zinc-600 dark:text-zinc-400">Queued: it runs within seconds.</span> : null}
        </form>
      </Card>
    </SettingsShell>
  );
}
