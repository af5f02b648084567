import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { CallDetail } from "@/lib/calls/get-call";
import { formatDuration, formatMs } from "@/lib/format";
import { StatusBadge } from "@/components/calls/status-badge";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-sm break-words">{children}</dd>
    </div>
  );
}

export function CallHeader({ call }: { call: CallDetail }) {
  return (
    <section className="mb-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-lg font-semibold break-all">{call.id}</h1>
        <StatusBadge status={call.status} />
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-3 xl:grid-cols-5">
        <Field label="Agent">
          {call.agentId ? (
            <Link className="font-mono text-sky-700 hover:underline dark:text-sky-400" href={`/calls?agent=${encodeURIComponent(call.agentId)}`}>
              {call.agentName ?? call.agentId}
            </Link>
          ) : (
            "—"
          )}
        </Field>
        <Field label="Started">
          {call.startTime ? <LocalTime iso={call.startTime.toISOString()} relative={false} /> : "—"}
          {call.startTimeSource === "derived" ? <span className="ml-1 text-xs text-zinc-500" title="No start time was sent: derived from the event times">(derived)</span> : null}
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
        <Field label="End reason">{call.endReason ?? "—"}</Field>
        <Field label="From">{call.fromNumber ?? "—"}</Field>
        <Field label="To">{call.toNumber ?? "—"}</Field>
        <Field label="Turns">{call.turnCount}</Field>
        <Field label="TTFB p50 / max">
          {formatMs(call.ttfbP50)} / {formatMs(call.ttfbMax)}
        </Field>
      </dl>
      {call.summary ? (
        <p className="mt-4 rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-800/60">
          <span className="font-medium">Summary: </span>
          {call.summary}
        </p>
      ) : null}
      {call.errorMessage ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          <span className="font-medium">Error: </span>
          {call.errorMessage}
        </p>
      ) : null}
    </section>
  );
}
