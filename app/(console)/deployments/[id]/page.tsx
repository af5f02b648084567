import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CallsTable } from "@/components/calls/calls-table";
import { DeploymentStatus } from "@/components/deployments/deployment-status";
import { LogViewer } from "@/components/logs/log-viewer";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { db, readPool } from "@/lib/db/client";
import { DeploymentCauses } from "@/components/problems/deployment-causes";
import { getDeploymentPage } from "@/lib/deployments/get-deployment-page";
import { formatMs } from "@/lib/format";
import { requireUser } from "@/lib/auth/session";
import { BackLink } from "@/components/ui/back-link";
import { visibleId } from "@/components/ui/visible-id";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Deployment ${decodeURIComponent((await params).id)}` };
}

/** Cartesia's version id of the deployment, kept as sent. */
function versionOf(extra: unknown): string | null {
  const v = extra && typeof extra === "object" ? (extra as Record<string, unknown>).version_id : null;
  return typeof v === "string" ? v : null;
}

function Time({ date }: { date: Date | null }) {
  return date ? <LocalTime iso={date.toISOString()} relative={false} /> : <span className="text-zinc-400">—</span>;
}

export default async function DeploymentPage({ params }: Props) {
  await requireUser();
  const id = decodeURIComponent((await params).id);
  const page = await getDeploymentPage(db(), readPool(), id);
  if (!page) notFound();
  const { deployment, stats, logs, calls, causes } = page;
  const rows: [string, React.ReactNode][] = [
    [
      "Agent",
      deployment.agentId ? (
        <Link className="font-mono text-sky-700 hover:underline dark:text-sky-400" href={`/calls?agent=${encodeURIComponent(deployment.agentId)}`}>
          {visibleId(deployment.agentId)}
        </Link>
      ) : (
        "—"
      ),
    ],
    ["Status", <DeploymentStatus key="s" status={deployment.status} isLive={deployment.isLive} />],
    [
      "Git commit",
      <span key="g" className="font-mono">
        {deployment.gitCommitHash ?? "—"}
      </span>,
    ],
    [
      "Version",
      <span key="v" className="font-mono">
        {versionOf(deployment.extra) ?? "—"}
      </span>,
    ],
    ["Pinned", deployment.isPinned === null ? "—" : deployment.isPinned ? "yes" : "no"],
    ["Created", <Time key="c" date={deployment.createdAt} />],
    [
      "Build",
      <span key="b">
        <Time date={deployment.buildStartedAt} /> → <Time date={deployment.buildCompletedAt} />
      </span>,
    ],
    [
      "Deploy",
      <span key="d">
        <Time date={deployment.deploymentStartedAt} /> → <Time date={deployment.deploymentCompletedAt} />
      </span>,
    ],
    ["Calls", stats?.calls ?? 0],
    ["TTFB p50 / p95", `${formatMs(stats?.ttfbP50)} / ${formatMs(stats?.ttfbP95)}`],
  ];
  return (
    <div>
      <nav className="mb-3 text-sm">
        <BackLink href="/deployments" label="Deployments" />
      </nav>
      <PageHeader title={`Deployment ${id}`} />
      <dl className="mb-6 grid grid-cols-2 gap-x-4 gap-y-3 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-3 sm:gap-x-6 lg:grid-cols-5 dark:border-zinc-800 dark:bg-zinc-900">
        {rows.map(([label, value]) => (
          <div key={label} className="min-w-0">
            <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
            <dd className="mt-0.5 text-sm break-words [&_time]:whitespace-normal">{value}</dd>
          </div>
        ))}
      </dl>
      {deployment.buildError || deployment.deploymentError ? (
        <Notice tone="error" role="alert" className="mb-6">
          {deployment.buildError ? `Build error: ${deployment.buildError}` : null}{" "}
          {deployment.deploymentError ? `Deployment error: ${deployment.deploymentError}` : null}
        </Notice>
      ) : null}
      <DeploymentCauses {...causes} />
      <section aria-labelledby="build-logs" className="mb-6">
        <h2 id="build-logs" className="mb-1 text-lg font-semibold">
          Build logs
        </h2>
        <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
          Cartesia&apos;s build output, numbered by line (it carries no times): build <Time date={deployment.buildStartedAt} /> →{" "}
          <Time date={deployment.buildCompletedAt} />.
        </p>
        <LogViewer lines={logs.build} label="Build log lines" timeLabel="Line" emptyText="No build logs: they arrive with the deployment (build_logs)." />
      </section>
      <section aria-labelledby="runtime-logs">
        <h2 id="runtime-logs" className="mb-2 text-lg font-semibold">
          Runtime logs
        </h2>
        <LogViewer
          lines={logs.runtime}
          label="Runtime log lines"
          emptyText="No runtime logs yet. The agent sends them to POST /api/v1/deployments/{id}/logs."
        />
      </section>
      <h2 className="mt-8 mb-2 text-lg font-semibold">Latest calls</h2>
      {calls.rows.length ? (
        <>
          <CallsTable rows={calls.rows} caption="Calls of this deployment" />
          <Link href={`/calls?deployment=${encodeURIComponent(id)}`} className="mt-2 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400">
            All calls of this deployment →
          </Link>
        </>
      ) : (
        <p className="text-sm text-zinc-500">No calls name this deployment yet.</p>
      )}
    </div>
  );
}
