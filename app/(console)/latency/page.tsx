import type { Metadata } from "next";
import { ByAgentCard } from "@/components/latency/by-agent-card";
import { ByDeploymentCard } from "@/components/latency/by-deployment-card";
import { DistributionCard } from "@/components/latency/distribution-card";
import { LatencyFiltersForm } from "@/components/latency/latency-filters-form";
import { NoLatencyValues } from "@/components/latency/no-latency-values";
import { PercentilesCard } from "@/components/latency/percentiles-card";
import { StageView } from "@/components/latency/stage-view";
import { UnknownZoneNotice } from "@/components/latency/unknown-zone-notice";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { readPool } from "@/lib/db/client";
import { compareWithPrevious } from "@/lib/latency/compare-with-previous";
import { deploymentMarkers, latencyByGroup, latencyFigures, latencyMetrics } from "@/lib/latency/get-latency";
import { stageLatency } from "@/lib/latency/get-stage-latency";
import { latencyFiltersSchema } from "@/lib/latency/latency-filters";
import { latencyLink, stagesLink } from "@/lib/latency/latency-links";
import { prepareAgentSeries, prepareHistogram, preparePercentiles } from "@/lib/latency/prepare-latency-charts";
import { rangeWindow } from "@/lib/latency/time-buckets";

export const metadata: Metadata = { title: "Latency" };
export const dynamic = "force-dynamic";

export default async function LatencyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const raw = await searchParams;
  const filters = latencyFiltersSchema.parse(raw);
  const askedZone = typeof raw.tz === "string" ? raw.tz : null;
  const unknownZone = askedZone !== null && askedZone !== filters.tz ? askedZone : null;
  const window = rangeWindow(filters);
  const [figures, markers, metrics, stages] = await Promise.all([
    latencyFigures(readPool(), filters, window),
    deploymentMarkers(readPool(), filters, window),
    latencyMetrics(readPool()),
    stageLatency(readPool(), filters, window, { series: false }),
  ]);
  const { byAgent, byDeployment, histogram } = figures;
  const [comparisons, byVersion] = await Promise.all([
    compareWithPrevious(readPool(), filters, byDeployment, window, figures.deploymentValues),
    filters.group === "version" ? latencyByGroup(readPool(), filters, "version", window) : Promise.resolve(null),
  ]);
  const compare = filters.compare === "agent" ? prepareAgentSeries(figures.series, window.starts) : null;
  const total = byAgent.reduce((s, r) => s + r.n, 0);
  const link = (extra: Record<string, string>) => latencyLink(filters, extra);

  return (
    <div>
      <PageHeader title="Latency" description={`${filters.metric} in milliseconds: is the agent slow to answer, since when, and which deployment did it?`} />
      <LatencyFiltersForm filters={filters} metrics={metrics} agents={byAgent.map((a) => a.key)} deployments={byDeployment.map((d) => d.key)} />
      {unknownZone !== null && <UnknownZoneNotice zone={unknownZone} />}

      <div className="mb-6">
        <StageView stages={stages} link={(chosen) => stagesLink(filters, chosen)} />
      </div>
      {total === 0 ? (
        <NoLatencyValues metric={filters.metric} />
      ) : (
        <div className="space-y-6">
          <PercentilesCard
            points={compare ? compare.points : preparePercentiles(figures.series, window.starts)}
            agents={compare?.agents ?? null}
            markers={markers.map((m) => ({ t: m.at.getTime(), label: m.gitCommitHash ?? m.id.slice(0, 10) }))}
            unit={figures.bucket.unit}
            timeZone={filters.tz}
          />
          <div className="grid gap-6 xl:grid-cols-5">
            <DistributionCard bars={prepareHistogram(histogram)} total={total} binMs={25} className="xl:col-span-2" />
            <ByAgentCard rows={byAgent} threshold={filters.threshold} link={(agent) => link({ agent })} className="xl:col-span-3" />
          </div>
          <ByDeploymentCard
            byDeployment={byDeployment}
            byVersion={byVersion}
            comparisons={comparisons}
            threshold={filters.threshold}
            link={(group) => link({ group })}
          />
        </div>
      )}
    </div>
  );
}
