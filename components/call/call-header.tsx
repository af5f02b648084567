import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import { failureReason } from "@/lib/calls/failure-reason";
import type { DeletedContent } from "@/lib/privacy/delete-call-content";
import type { CallDetail } from "@/lib/calls/get-call";
import type { RedactionCounts } from "@/lib/privacy/redact";
import { formatDuration, formatMs } from "@/lib/format";
import { StatusBadge } from "@/components/calls/status-badge";
import { Notice } from "@/components/ui/notice";
import { visibleId } from "@/components/ui/visible-id";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-sm break-words [&_time]:whitespace-normal">{children}</dd>
    </div>
  );
}

/** The telephony parameters worth a field of their own, besides from and to. */
function telephonyFields(telephony: unknown): [string, string][] {
  if (!telephony || typeof telephony !== "object") return [];
  const t = telephony as Record<string, unknown>;
  const fields: [string, string][] = [];
  for (const [key, label] of [
    ["call_sid", "Call SID"],
    ["direction", "Direction"],
    ["connection_type", "Connection"],
  ] as const) {
    if (typeof t[key] === "string" && t[key]) fields.push([label, t[key] as string]);
  }
  return fields;
}

const KIND_NAMES: Record<string, [string, string]> = {
  card: ["card number", "card numbers"],
  email: ["email address", "email addresses"],
  phone: ["phone number", "phone numbers"],
  ssn: ["social security number", "social security numbers"],
  iban: ["IBAN", "IBANs"],
};

function redactionText(counts: RedactionCounts): string {
  return Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([kind, n]) => `${n} ${(KIND_NAMES[kind] ?? [kind, kind])[n === 1 ? 0 : 1]}`)
    .join(", ");
}

function deletedText(deleted: DeletedContent): string {
  const at = `${deleted.at.replace("T", " ").slice(0, 19)} UTC`;
  switch (deleted.reason) {
    case "cartesia_redacted":
      return `Redacted at Cartesia on ${at}: Callscope deleted its copies of the transcript, recording, numbers, metadata, events and logs too.`;
    case "retention":
      return `Content deleted on ${at}: older than the retention period. The call's record and its figures stay.`;
    case "erased":
      return `Content erased on ${at} by ${deleted.by}, on a request to erase a person's data. The call's record stays.`;
    default:
      return `Content deleted in Callscope by ${deleted.by} on ${at}. The call's record stays.`;
  }
}

const FAILURE_SOURCE = { cartesia: "Error", agent_log: "Error logged by the agent", end_reason: "Failed" } as const;

export function CallHeader({ call }: { call: CallDetail }) {
  const failure = failureReason(call, call.events);
  return (
    <section className="mb-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-lg font-semibold break-all">{call.id}</h1>
        <StatusBadge status={call.status} />
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3 sm:gap-x-6 xl:grid-cols-5">
        <Field label="Agent">
          {call.agentId ? (
            <Link className="font-mono text-sky-700 hover:underline dark:text-sky-400" href={`/calls?agent=${encodeURIComponent(call.agentId)}`}>
              {visibleId(call.agentName ?? call.agentId)}
            </Link>
          ) : (
            "—"
          )}
        </Field>
        <Field label="Started">
          {call.startTime ? <LocalTime iso={call.startTime.toISOString()} relative={false} /> : "—"}
          {call.startTimeSource === "derived" ? (
            <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400" title="No start time was sent: derived from the event times">
              (derived)
            </span>
          ) : null}
        </Field>
        <Field label="Ended">{call.endTime ? <LocalTime iso={call.endTime.toISOString()} relative={false} /> : "—"}</Field>
        <Field label="Duration">{formatDuration(call.durationS)}</Field>
        <Field label="Deployment">
          {call.deploymentId ? (
            <Link className="font-mono text-sky-700 hover:underline dark:text-sky-400" href={`/deployments/${encodeURIComponent(call.deploymentId)}`}>
              {call.deploymentId}
            </Link>
          ) : (
            "—"
          )}
        </Field>
        <Field label="End reason">{call.endReason ?? (call.status === "failed" ? "failed" : "—")}</Field>
        <Field label="From">{call.fromNumber ?? "—"}</Field>
        <Field label="To">{call.toNumber ?? "—"}</Field>
        <Field label="Turns">{call.turnCount}</Field>
        <Field label="TTFB p50 / max">
          {formatMs(call.ttfbP50)} / {formatMs(call.ttfbMax)}
        </Field>
        {call.cartesia.deploymentVersionId ? (
          <Field label="Deployment version">
            <span className="font-mono">{call.cartesia.deploymentVersionId}</span>
          </Field>
        ) : null}
        {call.cartesia.deploymentRegion ? <Field label="Region">{call.cartesia.deploymentRegion}</Field> : null}
        {call.cartesia.batchId ? (
          <Field label="Batch">
            <Link className="font-mono text-sky-700 hover:underline dark:text-sky-400" href={`/batches/${encodeURIComponent(call.cartesia.batchId)}`}>
              {call.cartesia.batchId}
            </Link>
          </Field>
        ) : null}
        {telephonyFields(call.telephony).map(([label, value]) => (
          <Field key={label} label={label}>
            <span className="font-mono">{value}</span>
          </Field>
        ))}
      </dl>
      {call.metadata !== null && call.metadata !== undefined ? (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer font-medium">Metadata</summary>
          <pre tabIndex={0} className="mt-1 max-h-64 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-950">
            {JSON.stringify(call.metadata, null, 2)}
          </pre>
        </details>
      ) : null}
      {call.cartesia.zdrEnabled ? (
        <p className="mt-3 rounded-md bg-sky-50 p-3 text-sm text-sky-900 dark:bg-sky-950 dark:text-sky-200" data-testid="zdr-note">
          Zero data retention: no transcript or recording by design. Cartesia keeps only this call&apos;s record.
        </p>
      ) : null}
      {call.contentDeleted ? (
        <Notice tone="neutral" data-testid="content-deleted" className="mt-3">
          {deletedText(call.contentDeleted)}
        </Notice>
      ) : null}
      {call.redactions && Object.keys(call.redactions).length ? (
        <Notice tone="warning" data-testid="redactions" className="mt-3">
          <span className="font-medium">Redacted before storage: </span>
          {redactionText(call.redactions)}. The originals were never stored; the transcript shows marks such as [card] in their place.
          {call.recordingStatus === "dropped" ? " The recording was not kept, since audio cannot be redacted." : ""}
        </Notice>
      ) : null}
      {call.summary ? (
        <p className="mt-4 rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-800/60">
          <span className="font-medium">Summary: </span>
          {call.summary}
        </p>
      ) : null}
      {failure ? (
        <Notice tone="error" role="alert" data-testid="failure-reason" className="mt-3 break-words">
          <span className="font-medium">{FAILURE_SOURCE[failure.source]}: </span>
          {failure.text}
        </Notice>
      ) : call.status === "failed" ? (
        <Notice tone="error" role="alert" data-testid="failure-reason" className="mt-3">
          <span className="font-medium">Failed: </span>Cartesia gave no reason, and the agent logged no error during the call.
        </Notice>
      ) : null}
    </section>
  );
}
