import { TRANSCRIPT_FORMAT_INFO, TRANSCRIPT_FORMATS, type TranscriptFormat } from "@/lib/export/export-formats";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CallEvaluations } from "@/components/call/call-evaluations";
import { CallHeader } from "@/components/call/call-header";
import { ConversationSummary } from "@/components/call/conversation-summary";
import { gapsByTurnId } from "@/lib/conversation/get-conversation";
import { DeleteCallContent } from "@/components/call/delete-call-content";
import { ExportMenu } from "@/components/call/export-menu";
import { buttonVariants } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { renderTranscript } from "@/lib/export/transcript-formats";
import { CALL_TABS, type CallTab, CallTabs } from "@/components/call/call-tabs";
import { TranscriptView } from "@/components/call/transcript-view";
import { TtfbPerTurnChart } from "@/components/charts/ttfb-per-turn-chart";
import { LogViewer } from "@/components/logs/log-viewer";
import { buildTimeline } from "@/lib/calls/build-timeline";
import { timelineToJson } from "@/lib/calls/timeline-wire";
import { getCall, getCallDeliveries } from "@/lib/calls/get-call";
import { prepareTtfbChart } from "@/lib/calls/prepare-ttfb-chart";
import { recordingPlaceholder } from "@/lib/calls/recording-placeholder";
import { readPool } from "@/lib/db/client";
import { formatOffset } from "@/lib/format";
import { requireUser } from "@/lib/auth/session";
import { auditConsoleView } from "@/lib/audit/audit-request";
import { causesOfCall } from "@/lib/causes/get-causes";
import { CallCauses } from "@/components/problems/call-causes";
import { BackLink } from "@/components/ui/back-link";
import { ElapsedTime } from "@/components/live/elapsed-time";
import { LiveUpdates } from "@/components/live/live-updates";
import { lastChangeId } from "@/lib/live/read-changes";
import { followsLive } from "@/lib/calls/count-in-progress";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Call ${decodeURIComponent((await params).id)}` };
}

export default async function CallPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const id = decodeURIComponent((await params).id);
  const query = await searchParams;
  const tab = (CALL_TABS.find((t) => t.id === query.tab)?.id ?? "transcript") as CallTab;
  // Read before the call: a change stored from here on reaches the page through the stream.
  const since = String(await lastChangeId(readPool()));
  const [call, causes] = await Promise.all([getCall(readPool(), id), causesOfCall(readPool(), id)]);
  if (!call) notFound();
  await auditConsoleView(user, { action: "call.viewed", targetType: "call", targetId: id, details: { tab } });

  // The Logs tab holds the call's log lines: the same set as the timeline's Logs chip.
  const logs = call.events.filter((e) => e.kind === "log");
  const metrics = call.events.filter((e) => e.kind === "log_metric");
  const href = `/calls/${encodeURIComponent(id)}`;
  const { inProgress, follow } = followsLive(call);

  return (
    <div>
      <nav className="mb-3 flex flex-wrap items-center justify-between gap-2 text-sm">
        <BackLink href="/calls" label="Calls" />
        <div className="flex flex-wrap items-center gap-2">
          <CopyButton text={renderTranscript(call, "txt", false)} label="Copy transcript" copiedLabel="Transcript copied" />
          <ExportMenu
            label="Export transcript"
            href={(format) => `${href}/transcript?format=${format}${TRANSCRIPT_FORMAT_INFO[format as TranscriptFormat].events ? "&include=events,causes" : ""}`}
            formats={TRANSCRIPT_FORMATS.map((format) => ({ format, label: TRANSCRIPT_FORMAT_INFO[format].label }))}
          />
          <a
            href={`${href}/bundle`}
            download
            title="One zip with the call, transcripts, events, logs, webhook deliveries, deployment and recording"
            className={buttonVariants()}
          >
            Download debug bundle
          </a>
        </div>
      </nav>
      {follow ? (
        <div className="mb-2 flex flex-wrap items-center gap-3 text-sm" data-testid="call-live">
          <LiveUpdates callId={id} everyMs={400} indicator={inProgress} since={since} />
          {inProgress && call.startTime ? (
            <span className="text-zinc-600 dark:text-zinc-400">
              In progress for <ElapsedTime since={call.startTime.toISOString()} />
            </span>
          ) : null}
        </div>
      ) : null}
      <CallHeader call={call} />
      <CallCauses causes={causes} />
      {user.role === "admin" && !call.contentDeleted ? <DeleteCallContent callId={id} /> : null}
      <CallEvaluations evaluations={call.evaluations} />
      <ConversationSummary conversation={call.conversation} />
      <CallTabs callId={id} active={tab} counts={{ logs: logs.length, metrics: metrics.length }} />
      {tab === "transcript" ? (
        <TranscriptView
          timeline={timelineToJson(buildTimeline(call.turns, call.events, call.toolCalls))}
          recording={call.recording ? { src: `${href}/recording`, downloadUrl: `${href}/recording?download=1` } : null}
          placeholder={
            call.recording
              ? null
              : inProgress
                ? "The call is in progress: its recording, and what the caller heard, come once it ends."
                : recordingPlaceholder(call.recordingStatus, id, { zdr: call.cartesia.zdrEnabled, deleted: call.contentDeleted !== null })
          }
          initialTime={typeof query.t === "string" && Number.isFinite(Number(query.t)) ? Number(query.t) : null}
          gaps={gapsByTurnId(call.turns, call.conversation)}
          marks={call.conversation ? { deadAir: call.conversation.dead_air, overlaps: call.conversation.overlaps } : undefined}
          follow={inProgress}
        />
      ) : null}
      {tab === "logs" ? (
        <LogViewer
          emptyText="No log lines for this call. The agent sends them to POST /api/v1/calls/{id}/logs, or they are fetched from Cartesia."
          timeLabel="Call time"
          lines={logs.map((e) => ({
            id: e.id,
            // One clock for every line: the offset into the call, as on the timeline; the wall time as a tooltip.
            time: e.atS !== null ? formatOffset(e.atS) : `${(e.wallTime ?? e.receivedAt).replace("T", " ").replace("Z", "")} UTC`,
            title: e.wallTime ? `${e.wallTime.replace("T", " ").replace("Z", "")} UTC` : undefined,
            level: e.level,
            message: e.message ?? "",
            codeLocation: e.codeLocation,
          }))}
        />
      ) : null}
      {tab === "metrics" ? (
        <div className="space-y-6">
          <section>
            <h2 className="mb-2 text-base font-semibold">tts_ttfb per assistant turn</h2>
            <TtfbPerTurnChart points={prepareTtfbChart(call.turns)} callId={id} />
          </section>
          <section>
            <h2 className="mb-2 text-base font-semibold">Metrics</h2>
            {metrics.length ? (
              <table className="w-full max-w-2xl text-left text-sm">
                <thead className="text-xs text-zinc-500 uppercase">
                  <tr>
                    <th className="py-1 pr-4 font-medium">Time</th>
                    <th className="py-1 pr-4 font-medium">Name</th>
                    <th className="py-1 font-medium">Value</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {metrics.map((m) => (
                    <tr key={m.id}>
                      <td className="py-1 pr-4 font-mono text-xs">{formatOffset(m.atS)}</td>
                      <td className="py-1 pr-4 font-mono">{m.name}</td>
                      <td className="py-1 font-mono">{typeof m.value === "string" ? m.value : JSON.stringify(m.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="text-sm text-zinc-500">No metrics for this call. The agent logs them with LogMetric, sent to POST /api/v1/calls/{"{id}"}/events.</p>
            )}
          </section>
        </div>
      ) : null}
      {tab === "raw" ? <RawTab id={id} /> : null}
    </div>
  );
}

async function RawTab({ id }: { id: string }) {
  const deliveries = await getCallDeliveries(readPool(), id);
  if (!deliveries.length) return <p className="text-sm text-zinc-500">No webhook delivery for this call was stored.</p>;
  return (
    <ol className="space-y-3">
      {deliveries.map((d) => (
        <li key={d.id} className="rounded-lg border border-zinc-200 dark:border-zinc-800">
          <details>
            <summary className="cursor-pointer px-3 py-2 text-sm">
              <span className="font-mono font-medium">{d.type}</span> · {d.outcome} · event time {d.eventTime ?? "—"} · received {d.receivedAt.toISOString()}
            </summary>
            <pre className="max-h-[60vh] overflow-auto border-t border-zinc-200 p-3 font-mono text-xs dark:border-zinc-800">
              {JSON.stringify(d.payload, null, 2)}
            </pre>
          </details>
        </li>
      ))}
    </ol>
  );
}
