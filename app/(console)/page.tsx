import Link from "next/link";
import { headers } from "next/headers";
import { CallsTable } from "@/components/calls/calls-table";
import { ConnectWebhook } from "@/components/onboarding/connect-webhook";
import { LiveNowBadge } from "@/components/live/live-now-badge";
import { LiveUpdates } from "@/components/live/live-updates";
import { lastChangeId } from "@/lib/live/read-changes";
import { Stat } from "@/components/overview/stat";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { callFiltersSchema } from "@/lib/calls/call-filters";
import { countCallsInProgress } from "@/lib/calls/count-in-progress";
import { listCalls } from "@/lib/calls/list-calls";
import { readPool } from "@/lib/db/client";
import { formatMs } from "@/lib/format";
import { webhookUrl } from "@/lib/ingest/cartesia-webhook/webhook-url";
import { getOverview, slowestTurns } from "@/lib/overview/get-overview";
import { TtfbBadge } from "@/components/calls/ttfb-badge";
import { LatencyTimeChart } from "@/components/latency/latency-time-chart";
import { latencyFigures } from "@/lib/latency/get-latency";
import { latencyFiltersSchema } from "@/lib/latency/latency-filters";
import { preparePercentiles } from "@/lib/latency/prepare-latency-charts";
import { rangeWindow } from "@/lib/latency/time-buckets";
import { requireUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  await requireUser();
  // Read before the data: a change stored from here on reaches the page through the stream.
  const since = String(await lastChangeId(readPool()));
  const overview = await getOverview();
  if (overview.totalCalls === 0) {
    return (
      <div className="mx-auto max-w-3xl">
        <PageHeader
          title="Welcome to Callscope"
          description="Every call of your Cartesia Line voice agents: transcripts, events, recordings, deployments and latency, on your own infrastructure."
        />
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Connect your first agent</h2>
          <ConnectWebhook url={webhookUrl(await headers())} />
        </Card>
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
          No calls yet. They appear here as soon as Cartesia sends the first webhook. To see Callscope with sample data, run{" "}
          <code className="font-mono">npm run demo</code>.
        </p>
        <LiveUpdates kind="call" indicator={false} since={since} />
      </div>
    );
  }
  const now = new Date();
  const trendFilters = latencyFiltersSchema.parse({ range: "7d" });
  const [recent, failed, slow, trend, inProgress] = await Promise.all([
    listCalls(readPool(), callFiltersSchema.parse({ limit: "8" })),
    listCalls(readPool(), callFiltersSchema.parse({ limit: "5", status: "failed", range: "7d" })),
    slowestTurns(5, now),
    latencyFigures(readPool(), trendFilters, rangeWindow(trendFilters, now)),
    countCallsInProgress(readPool()),
  ]);
  const trendPoints = preparePercentiles(trend.series, trend.window.starts);
  const failureRate = overview.calls7d ? `${((overview.failed7d / overview.calls7d) * 100).toFixed(1)}%` : "—";
  return (
    <div>
      <PageHeader
        title="Overview"
        description={`${overview.totalCalls.toLocaleString("en")} calls stored`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <LiveNowBadge count={inProgress} />
            <LiveUpdates kind="call" everyMs={2000} since={since} />
          </div>
        }
      />
      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Calls, last 24 h" value={overview.calls24h.toLocaleString("en")} />
        <Stat label="Calls, last 7 days" value={overview.calls7d.toLocaleString("en")} />
        <Stat label="Failure rate, 7 days" value={failureRate} hint={`${overview.failed7d} failed`} />
        <Stat label="TTFB p95, 7 days" value={formatMs(overview.ttfbP95_7d)} />
      </div>
      <div className="mb-6 grid gap-4 xl:grid-cols-2">
        <Card>
          <div className="mb-1 flex items-baseline justify-between">
            <h2 className="text-base font-semibold">tts_ttfb, last 7 days</h2>
            <Link href="/latency" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
              Latency →
            </Link>
          </div>
          <LatencyTimeChart points={trendPoints} agents={null} markers={[]} unit="day" timeZone="UTC" />
        </Card>
        <Card>
          <h2 className="mb-2 text-base font-semibold">Slowest turns this week</h2>
          {slow.length ? (
            <ol className="space-y-2 text-sm">
              {slow.map((t) => (
                <li key={`${t.callId}-${t.startS}`} className="flex items-start gap-3">
                  <TtfbBadge seconds={t.ttsTtfb} label="" />
                  <Link href={`/calls/${encodeURIComponent(t.callId)}?t=${t.startS}`} className="min-w-0 flex-1 hover:underline">
                    <span className="block truncate">{t.text || "(no text)"}</span>
                    <span className="font-mono text-xs text-zinc-500">
                      {t.agentId} · {t.callId}
                    </span>
                  </Link>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-sm text-zinc-500">No assistant turns with tts_ttfb this week.</p>
          )}
        </Card>
      </div>
      <div className="mb-2 flex items-baseline justify-between">
        <h2 className="text-lg font-semibold">Latest calls</h2>
        <Link href="/calls" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          All calls →
        </Link>
      </div>
      <CallsTable rows={recent.rows} caption="Latest calls" />
      <div className="mt-8 mb-2 flex items-baseline justify-between">
        <h2 className="text-lg font-semibold">Failed this week</h2>
        <Link href="/calls?status=failed&range=7d" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          All failed →
        </Link>
      </div>
      {failed.rows.length ? (
        <CallsTable rows={failed.rows} caption="Failed calls this week" />
      ) : (
        <p className="text-sm text-zinc-500">No failed calls in the last 7 days.</p>
      )}
    </div>
  );
}
