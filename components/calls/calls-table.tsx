import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { CallListRow } from "@/lib/calls/list-calls";
import { formatDuration } from "@/lib/format";
import { HighlightedSnippet } from "./highlighted-snippet";
import { StatusBadge } from "./status-badge";
import { TtfbBadge } from "./ttfb-badge";
import { DataTable } from "@/components/ui/data-table";

const RECORDING_LABEL: Record<string, string> = { stored: "yes", pending: "pending", unavailable: "none", none: "—", failed: "failed" };

export function CallsTable({ rows, caption }: { rows: CallListRow[]; caption: string }) {
  return (
    <DataTable
      label={caption}
      columns={[
        "Started",
        "Agent",
        "Status",
        { label: "Duration", right: true },
        { label: "Turns", right: true },
        "TTFB p50 / max",
        "Deployment",
        "End reason / error",
        "Rec.",
      ]}
      variant="panel"
    >
      {rows.map((call) => (
        <tr key={call.id} className="align-top hover:bg-zinc-50 dark:hover:bg-zinc-800/50" data-call-id={call.id}>
          <td className="px-3 py-2">
            <Link
              prefetch={false}
              href={`/calls/${encodeURIComponent(call.id)}${call.matchAt !== null && call.matchAt !== undefined ? `?t=${call.matchAt}` : ""}`}
              className="font-medium text-sky-700 hover:underline dark:text-sky-400"
            >
              <LocalTime iso={(call.startTime ?? call.sortTime).toISOString()} relative={false} />
            </Link>
            <div className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{call.id}</div>
            {call.snippet ? (
              <div className="mt-1 max-w-xl text-xs">
                <HighlightedSnippet text={call.snippet} />
              </div>
            ) : null}
          </td>
          <td className={`px-3 py-2 text-xs ${call.agentName ? "" : "font-mono"}`} title={call.agentId ?? undefined}>
            {call.agentName ?? call.agentId ?? "—"}
          </td>
          <td className="px-3 py-2">
            <StatusBadge status={call.status} />
          </td>
          <td className="px-3 py-2 text-right tabular-nums">{formatDuration(call.durationS)}</td>
          <td className="px-3 py-2 text-right tabular-nums">{call.turnCount}</td>
          <td className="px-3 py-2">
            <span className="flex gap-1">
              <TtfbBadge seconds={call.ttfbP50} label="" />
              <TtfbBadge seconds={call.ttfbMax} label="" />
            </span>
          </td>
          <td className="px-3 py-2 font-mono text-xs">
            {call.deploymentId ? (
              <Link className="hover:underline" href={`/deployments/${encodeURIComponent(call.deploymentId)}`}>
                {call.deploymentId.length > 14 ? `${call.deploymentId.slice(0, 13)}…` : call.deploymentId}
              </Link>
            ) : (
              "—"
            )}
          </td>
          <td className="max-w-44 px-3 py-2 text-xs" data-testid="call-outcome">
            {call.endReason ?? (call.status === "failed" ? "failed" : "—")}
            {call.errorMessage || call.loggedError ? (
              <span className="mt-0.5 block truncate text-red-700 dark:text-red-300" title={call.errorMessage ?? `Logged by the agent: ${call.loggedError}`}>
                {call.errorMessage ?? call.loggedError}
              </span>
            ) : null}
          </td>
          <td className="px-3 py-2 text-xs" title={`Recording: ${RECORDING_LABEL[call.recordingStatus] ?? call.recordingStatus}`}>
            {RECORDING_LABEL[call.recordingStatus] ?? call.recordingStatus}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
