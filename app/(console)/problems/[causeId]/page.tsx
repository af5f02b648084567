import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CauseActions } from "@/components/problems/cause-actions";
import { CauseState } from "@/components/problems/cause-state";
import { Sparkline } from "@/components/problems/sparkline";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { LocalTime } from "@/components/ui/local-time";
import { requireUser } from "@/lib/auth/session";
import { CAUSE_KIND_LABELS, type CauseKind } from "@/lib/causes/call-causes";
import { getCause } from "@/lib/causes/get-causes";
import { readPool } from "@/lib/db/client";

export const metadata: Metadata = { title: "Problem" };
export const dynamic = "force-dynamic";

const link = "text-sky-700 hover:underline dark:text-sky-400";
const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;

/** A table of ids (`column`: versions, agents) and how many of the cause's calls each has. */
function CallsPer({ label, column, rows, className }: { label: string; column: string; rows: { id: string; calls: number }[]; className?: string }) {
  return (
    <DataTable label={label} columns={[column, { label: "Calls", right: true }]} className={className}>
      {rows.map((r) => (
        <tr key={r.id}>
          <td className="max-w-56 truncate py-1 pr-3 font-mono text-xs">{r.id}</td>
          <td className="py-1 pr-3 text-right tabular-nums">{r.calls.toLocaleString("en")}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export default async function CausePage({ params }: { params: Promise<{ causeId: string }> }) {
  const user = await requireUser();
  const cause = await getCause(readPool(), decodeURIComponent((await params).causeId));
  if (!cause) notFound();
  const callLink = (e: { callId: string; offsetS: number | null }) =>
    `/calls/${encodeURIComponent(e.callId)}${e.offsetS !== null ? `?t=${Math.max(0, Math.round(e.offsetS * 10) / 10)}` : ""}`;
  return (
    <div className="max-w-6xl space-y-6">
      <BackLink href="/problems" label="Problems" />
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight break-words">{cause.title}</h1>
        <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
          <CauseState state={cause.state} />
          <span>{CAUSE_KIND_LABELS[cause.kind as CauseKind] ?? cause.kind}</span>
          {cause.tool ? <span className="font-mono text-xs">{cause.tool}</span> : null}
          {cause.firstDeploymentId ? <span className="break-all">new in {cause.firstDeploymentId}</span> : null}
          {cause.resolvedInDeploymentId ? <span className="break-all">resolved in {cause.resolvedInDeploymentId}</span> : null}
          <span>
            since <LocalTime iso={cause.stateChangedAt.toISOString()} />
          </span>
        </div>
      </header>
      <Card>
        <div className="flex flex-wrap items-end gap-x-8 gap-y-4">
          {[
            ["Calls, all time", cause.callCount],
            ["Last 24 h", cause.calls24h],
            ["Last 7 days", cause.calls7d],
          ].map(([label, n]) => (
            <div key={label as string}>
              <div className="text-xs text-zinc-500 uppercase dark:text-zinc-400">{label}</div>
              <div className="text-2xl font-semibold tabular-nums">{(n as number).toLocaleString("en")}</div>
            </div>
          ))}
          <div>
            <div className="text-xs text-zinc-500 uppercase dark:text-zinc-400">Last 14 days</div>
            <Sparkline days={cause.sparkline} width={196} height={40} />
          </div>
          <div className="text-sm">
            First seen <LocalTime iso={cause.firstSeenAt.toISOString()} />
            <br />
            Last seen <LocalTime iso={cause.lastSeenAt.toISOString()} />
          </div>
        </div>
        <p className="mt-4 text-sm">
          <Link href={`/calls?cause=${encodeURIComponent(cause.id)}`} className={link}>
            All {cause.callCount.toLocaleString("en")} calls with this cause
          </Link>
        </p>
      </Card>
      {user.role === "admin" ? (
        <Card>
          <h2 className="mb-3 text-lg font-semibold">Change its state</h2>
          <CauseActions id={cause.id} state={cause.state} deployments={cause.deployments.map((d) => d.deploymentId)} />
        </Card>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-3 text-lg font-semibold">Deployments</h2>
          {cause.deployments.length ? (
            <DataTable label="Deployments" columns={["Deployment", { label: "Calls", right: true }, { label: "Of its calls", right: true }]}>
              {cause.deployments.map((d) => (
                <tr key={d.deploymentId}>
                  <td className="max-w-56 truncate py-1 pr-3 font-mono text-xs" title={d.deploymentId}>
                    <Link href={`/deployments/${encodeURIComponent(d.deploymentId)}`} className={link}>
                      {d.deploymentId}
                    </Link>
                  </td>
                  <td className="py-1 pr-3 text-right tabular-nums">{d.calls.toLocaleString("en")}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{percent(d.share)}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Its calls name no deployment.</p>
          )}
          {cause.versions.length ? (
            <CallsPer label="Versions" column="Version" rows={cause.versions.map((v) => ({ id: v.versionId, calls: v.calls }))} className="mt-4" />
          ) : null}
        </Card>
        <Card>
          <h2 className="mb-3 text-lg font-semibold">Agents</h2>
          <CallsPer label="Agents" column="Agent" rows={cause.agents.map((a) => ({ id: a.agentId, calls: a.calls }))} />
        </Card>
      </div>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Example calls</h2>
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {cause.examples.map((e) => (
            <li key={e.callId} className="py-2">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <Link href={callLink(e)} className={`${link} font-mono text-xs break-all`}>
                  {e.callId}
                </Link>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">
                  {e.which === "spread" ? "" : `${e.which} · `}
                  <LocalTime iso={e.seenAt.toISOString()} />
                  {e.offsetS !== null ? ` · at ${e.offsetS.toFixed(1)} s` : ""}
                </span>
              </div>
              {e.detail ? <p className="mt-1 line-clamp-3 font-mono text-xs break-words text-zinc-600 dark:text-zinc-400">{e.detail}</p> : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">History</h2>
        <ol className="space-y-1 text-sm">
          {cause.history.map((h, i) => (
            <li key={i} className="break-words">
              <LocalTime iso={h.at.toISOString()} /> · {h.fromState ? `${h.fromState} → ` : ""}
              <strong>{h.toState}</strong> by {h.actor}
              {h.deploymentId ? ` · ${h.deploymentId}` : ""}
              {h.note ? ` · ${h.note}` : ""}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
