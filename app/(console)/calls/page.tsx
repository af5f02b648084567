import { BULK_FORMAT_INFO, BULK_FORMATS } from "@/lib/export/export-formats";
import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { ExportMenu } from "@/components/call/export-menu";
import { CallFiltersForm } from "@/components/calls/call-filters-form";
import { CallsTable } from "@/components/calls/calls-table";
import { LiveNowBadge } from "@/components/live/live-now-badge";
import { LiveUpdates } from "@/components/live/live-updates";
import { ConnectWebhook } from "@/components/onboarding/connect-webhook";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { filtersToParams, parseCallFilters } from "@/lib/calls/call-filters";
import { countCallsInProgress } from "@/lib/calls/count-in-progress";
import { agentCounts, evaluationMetricNames, listCalls, recentEndReasons } from "@/lib/calls/list-calls";
import { readPool } from "@/lib/db/client";
import { lastChangeId } from "@/lib/live/read-changes";
import { recentDeploymentIds } from "@/lib/deployments/deployment-ids";
import { webhookUrl } from "@/lib/ingest/cartesia-webhook/webhook-url";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Calls" };

/** The console's filter names as the export API reads them. */
function apiParams(params: URLSearchParams): [string, string][] {
  const names: Record<string, string> = { agent: "agent_id", deployment: "deployment_id", batch: "batch_id" };
  return [...params].filter(([k]) => k !== "sort").map(([k, v]) => [names[k] ?? k, v]);
}
export const dynamic = "force-dynamic";

export default async function CallsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const parsed = parseCallFilters(await searchParams);
  if (!parsed.success) {
    return (
      <div>
        <PageHeader title="Calls" />
        <Notice tone="error" role="alert">
          These filters are not valid: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.{" "}
          <Link href="/calls" className="underline">
            Clear them
          </Link>
        </Notice>
      </div>
    );
  }
  const filters = parsed.data;
  // Read before the data: a change stored from here on reaches the page through the stream.
  const since = String(await lastChangeId(readPool()));
  const [page, agents, deployments, endReasons, metrics, inProgress] = await Promise.all([
    listCalls(readPool(), filters),
    agentCounts(readPool(), filters),
    recentDeploymentIds(readPool()),
    recentEndReasons(readPool()),
    evaluationMetricNames(readPool()),
    countCallsInProgress(readPool()),
  ]);
  const filtered = filtersToParams(filters).size > 0;
  const params = filtersToParams(filters);
  const nextHref = page.nextCursor ? `/calls?${new URLSearchParams([...params, ["cursor", page.nextCursor]])}` : null;
  const firstHref = `/calls${params.size ? `?${params}` : ""}`;

  if (!page.rows.length && !filtered && !filters.cursor) {
    return (
      <div className="mx-auto max-w-3xl">
        <PageHeader title="Calls" description="No calls yet." />
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Connect a Cartesia webhook to see calls here</h2>
          <ConnectWebhook url={webhookUrl(await headers())} />
        </Card>
        <LiveUpdates kind="call" indicator={false} since={since} />
      </div>
    );
  }

  return (
    <div>
      <PageHeader
        title="Calls"
        description={filters.q ? `Calls whose transcript matches “${filters.q}”` : "Every call, newest first. New calls appear on their own."}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {!filters.cursor ? (
              <>
                <LiveNowBadge count={inProgress} />
                <LiveUpdates kind="call" since={since} />
              </>
            ) : null}
            <ExportMenu
              label="Export these calls"
              href={(format) => `/exports/transcripts?${new URLSearchParams([...apiParams(params), ["format", format], ["include", "causes"]])}`}
              formats={BULK_FORMATS.map((format) => ({ format, label: BULK_FORMAT_INFO[format].label }))}
            />
          </div>
        }
      />
      <CallFiltersForm filters={filters} agents={agents} deployments={deployments} endReasons={endReasons} metrics={metrics} />
      {page.rows.length ? (
        <CallsTable rows={page.rows} caption="Calls" />
      ) : (
        <EmptyState>
          No call matches these filters.{" "}
          <Link href="/calls" className="underline">
            Clear them
          </Link>
          .
        </EmptyState>
      )}
      <nav aria-label="Pages" className="mt-4 flex gap-3 text-sm">
        {filters.cursor ? (
          <Link href={firstHref} className={buttonVariants()}>
            ← First page
          </Link>
        ) : null}
        {nextHref ? (
          <Link href={nextHref} className={buttonVariants()}>
            Next page →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
