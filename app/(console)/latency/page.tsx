import type { Metadata } from "next";
import Link from "next/link";
import { AutoSubmitForm } from "@/components/calls/auto-submit-form";
import { TimeZoneField } from "@/components/latency/time-zone-field";
import { LatencyHistogram } from "@/components/latency/latency-histogram";
import { LatencyTimeChart } from "@/components/latency/latency-time-chart";
import { DeploymentTable, GroupTable } from "@/components/latency/latency-tables";
import { StageView } from "@/components/latency/stage-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { pool } from "@/lib/db/client";
import { compareWithPrevious } from "@/lib/latency/compare-with-previous";
import { deploymentMarkers, latencyByGroup, latencyFigures, latencyMetrics } from "@/lib/latency/get-latency";
import { latencyFiltersSchema, timeZones } from "@/lib/latency/latency-filters";
import { prepareAgentSeries, prepareHistogram, preparePercentiles } from "@/lib/latency/prepare-latency-charts";
import { stageLatency } from "@/lib/latency/get-stage-latency";
import { rangeWindow } from "@/lib/latency/time-buckets";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Latency" };
export const dynamic = "force-dynamic";

const control = "mt-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default async function LatencyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const raw = await searchParams;
  const filters = latencyFiltersSchema.parse(raw);
  const askedZone = typeof raw.tz === "string" ? raw.tz : null;
  const unknownZone = askedZone !== null && askedZone !== filters.tz ? askedZone : null;
  const window = rangeWindow(filters);
  const [figures, markers, metrics, stages] = await Promise.all([
    latencyFigures(pool(), filters, window),
    deploymentMarkers(pool(), filters, window),
    latencyMetrics(pool()),
    stageLatency(pool(), filters, window),
  ]);
  const { byAgent, byDeployment, histogram: hist } = figures;
  const series = { bucket: figures.bucket, rows: figures.series };
  const [comparisons, byVersion] = await Promise.all([
    compareWithPrevious(pool(), filters, byDeployment, window, figures.deploymentValues),
    filters.group === "version" ? latencyByGroup(pool(), filters, "version", window) : Promise.resolve(null),
  ]);
  const starts = window.starts;
  const compare = filters.compare === "agent" ? prepareAgentSeries(series.rows, starts) : null;
  const points = compare ? compare.points : preparePercentiles(series.rows, starts);
  const total = byAgent.reduce((s, r) => s + r.n, 0);
  const param = (extra: Record<string, string>) => {
    const p = new URLSearchParams({ range: filters.range, metric: filters.metric, tz: filters.tz, ...extra });
    return `/latency?${p}`;
  };
  const stageLink = (stages: string) => {
    const p = new URLSearchParams({ range: filters.range, metric: filters.metric, tz: filters.tz, stages });
    for (const a of filters.agent) p.append("agent", a);
    for (const d of filters.deployment) p.append("deployment", d);
    return `/latency?${p}#stages`;
  };

  return (
    <div>
      <PageHeader title="Latency" description={`${filters.metric} in milliseconds: is the agent slow to answer, since when, and which deployment did it?`} />
      <AutoSubmitForm
        action="/latency"
        className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <input type="hidden" name="stages" value={filters.stages} />
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Time
          <select name="range" defaultValue={filters.range} className={control}>
            <option value="6h">Last 6 hours</option>
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Figure
          <select name="metric" defaultValue={filters.metric} className={control}>
            {metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Agent
          <select name="agent" defaultValue={filters.agent[0] ?? ""} className={control}>
            <option value="">All agents</option>
            {byAgent.map((a) => (
              <option key={a.key} value={a.key}>
                {a.key}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Deployment
          <select name="deployment" defaultValue={filters.deployment[0] ?? ""} className={control}>
            <option value="">All deployments</option>
            {byDeployment.map((d) => (
              <option key={d.key} value={d.key}>
                {d.key}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Chart
          <select name="compare" defaultValue={filters.compare} className={control}>
            <option value="none">Percentiles</option>
            <option value="agent">p95 per agent</option>
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Threshold (ms)
          <input type="number" name="threshold" min={1} defaultValue={filters.threshold} className={`${control} w-24`} />
        </label>
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Time zone
          <TimeZoneField value={filters.tz} zones={timeZones()} className={`${control} w-48`} />
        </label>
        <button type="submit" className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800">
          Apply
        </button>
      </AutoSubmitForm>
      {unknownZone !== null && (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          “{unknownZone.slice(0, 64)}” is not a time zone Callscope knows, so days are shown in UTC. Pick a zone from the list, e.g. Europe/Berlin or
          America/New_York.
        </p>
      )}

      <div className="mb-6">
        <StageView stages={stages} link={stageLink} />
      </div>
      {total === 0 ? (
        <p className="rounded-lg border border-zinc-200 p-6 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          No {filters.metric} values in this range. tts_ttfb arrives with the assistant turns of webhooks; metrics named *_ms arrive through the telemetry API.
        </p>
      ) : (
        <div className="space-y-6">
          <Card>
            <h2 className="mb-1 text-base font-semibold">
              {compare ? "p95 per agent" : "Percentiles"} over time{" "}
              <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">
                (per {series.bucket.unit}, {filters.tz}; dashed lines are deployments)
              </span>
            </h2>
            <LatencyTimeChart
              points={points}
              agents={compare?.agents ?? null}
              markers={markers.map((m) => ({ t: m.at.getTime(), label: m.gitCommitHash ?? m.id.slice(0, 10) }))}
              unit={series.bucket.unit}
              timeZone={filters.tz}
            />
          </Card>
          <div className="grid gap-6 xl:grid-cols-5">
            <Card className="xl:col-span-2">
              <h2 className="mb-1 text-base font-semibold">
                Distribution <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">({total.toLocaleString("en")} values, 25 ms bins)</span>
              </h2>
              <LatencyHistogram bars={prepareHistogram(hist)} binMs={25} />
            </Card>
            <Card className="xl:col-span-3">
              <h2 className="mb-2 text-base font-semibold">By agent</h2>
              <GroupTable rows={byAgent} label="Agent" threshold={filters.threshold} link={(a) => param({ agent: a })} />
            </Card>
          </div>
          <Card>
            <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="text-base font-semibold">{byVersion ? "By deployment version" : "By deployment"}</h2>
              <Link className="text-xs text-sky-700 hover:underline dark:text-sky-400" href={param({ group: byVersion ? "deployment" : "version" })}>
                {byVersion ? "Group by deployment" : "Group by deployment version"}
              </Link>
            </div>
            {byVersion ? (
              <>
                <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">Cartesia&apos;s deployment_version_id of each call; exact, over the raw values.</p>
                <GroupTable rows={byVersion} label="Version" threshold={filters.threshold} link={() => param({ group: "deployment" })} />
                {byVersion.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">No call in this range names a deployment version.</p> : null}
              </>
            ) : (
              <>
                <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">
                  Slowest p95 first. The change against the previous deployment of the same agent, with a 95% bootstrap interval: “noise” when the interval
                  includes zero.
                </p>
                <DeploymentTable rows={byDeployment} comparisons={comparisons} threshold={filters.threshold} />
                {byDeployment.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">No call in this range names a deployment.</p> : null}
              </>
            )}
          </Card>
        </div>
      )}
    </div>
  );
}
