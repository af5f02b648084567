// The latency page's stage view: where the answered turns' waits went, as a
// p50 and a p95 waterfall per agent, deployment or deployment version; the
// stage that moved most between each deployment and the one before it, in
// words; and every stage's shift with its bootstrap interval.
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import type { StageComparison, StageGroup, StageLatency, StagePercentiles } from "@/lib/latency/get-stage-latency";
import type { StageMetric } from "@/lib/latency/rollup";
import { STAGE_PARTS } from "@/lib/latency/stage-shifts";
import { fmt, ShiftCell } from "./latency-tables";
import { STAGE_KEYS, STAGE_METRIC_OF, STAGE_NAMES } from "./stage-palette";
import { WaterfallBar, WaterfallLegend, type WaterfallParts } from "./waterfall-bar";

const GROUPS = [
  { value: "agent", label: "Agent" },
  { value: "deployment", label: "Deployment" },
  { value: "version", label: "Deployment version" },
] as const;

const partsOf = (p: StagePercentiles): WaterfallParts => Object.fromEntries(STAGE_KEYS.map((k) => [k, p[STAGE_METRIC_OF[k]]])) as WaterfallParts;

const barLength = (p: StagePercentiles) =>
  Math.max(
    p.stage_wait ?? 0,
    STAGE_PARTS.reduce((s, m) => s + Math.max(0, p[m] ?? 0), 0),
  );

function GroupWaterfalls({ group, scaleMs }: { group: StageGroup; scaleMs: number }) {
  return (
    <li className="py-3" data-stage-group={group.key}>
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
        <span className="min-w-0 truncate font-mono text-xs font-medium" title={group.key}>
          {group.label}
          {group.label !== group.key ? <span className="ml-2 text-zinc-500 dark:text-zinc-400">{group.key}</span> : null}
        </span>
        <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">{group.waits.toLocaleString("en")} answered turns</span>
      </div>
      {(["p50", "p95"] as const).map((p) => (
        <div key={p} className="mt-1 grid grid-cols-[2.5rem_minmax(0,1fr)] items-start gap-2" data-percentile={p}>
          <span className="pt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{p}</span>
          <div className="min-w-0">
            <div className="mb-0.5 text-xs text-zinc-700 tabular-nums dark:text-zinc-300">
              wait <span data-testid={`wait-${p}`}>{fmt(group[p].stage_wait)}</span>
            </div>
            <WaterfallBar
              parts={partsOf(group[p])}
              waitMs={group[p].stage_wait ?? 0}
              scaleMs={scaleMs}
              label={`${group.label}, ${p} of each stage`}
              measuredBy="each stage's own percentile"
            />
            <WaterfallLegend parts={partsOf(group[p])} />
          </div>
        </div>
      ))}
    </li>
  );
}

function ShiftTable({ comparisons }: { comparisons: StageComparison[] }) {
  const metrics: StageMetric[] = ["stage_wait", ...STAGE_PARTS];
  const name = (m: StageMetric) => (m === "stage_wait" ? "Wait" : STAGE_NAMES[STAGE_KEYS.find((k) => STAGE_METRIC_OF[k] === m)!]);
  return (
    <DataTable label="Stage shifts against the previous deployment" columns={["Deployment", "", ...metrics.map((m) => name(m))]} nowrap>
      {comparisons.flatMap((c) =>
        (["p50", "p95"] as const).map((p) => (
          <tr key={`${c.deploymentId}-${p}`} data-stage-shift={c.deploymentId} data-percentile={p}>
            <td className="py-1 pr-3 font-mono text-xs">
              {p === "p50" ? (
                <>
                  {c.label} <span className="text-zinc-500 dark:text-zinc-400">vs {c.previousLabel}</span>
                </>
              ) : null}
            </td>
            <td className="py-1 pr-3 text-xs text-zinc-500 dark:text-zinc-400">{p}</td>
            {metrics.map((m) => (
              <td key={m} className="py-1 pr-3" data-stage-metric={m}>
                <ShiftCell shift={c[p][m]} />
              </td>
            ))}
          </tr>
        )),
      )}
    </DataTable>
  );
}

export function StageView({ stages, link }: { stages: StageLatency; link: (stages: string) => string }) {
  const scaleMs = Math.max(1, ...stages.groups.flatMap((g) => [barLength(g.p50), barLength(g.p95)]));
  const sentences = stages.comparisons.map((c) => c.sentence).filter((s): s is string => s !== null);
  return (
    <Card>
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold" id="stages">
          Where the time went
        </h2>
        <nav aria-label="Waterfall per" className="flex flex-wrap gap-1 text-xs">
          {GROUPS.map((g) => (
            <Link
              key={g.value}
              href={link(g.value)}
              aria-current={stages.group === g.value ? "true" : undefined}
              className={`rounded-full border px-2.5 py-0.5 ${stages.group === g.value ? "border-sky-600 bg-sky-50 text-sky-800 dark:border-sky-500 dark:bg-sky-950 dark:text-sky-200" : "border-zinc-300 text-zinc-600 hover:border-sky-400 dark:border-zinc-700 dark:text-zinc-400"}`}
            >
              {g.label}
            </Link>
          ))}
        </nav>
      </div>
      <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">
        The wait before each answered turn (heard in the recording when there is one, otherwise from the timestamps), split into endpointing, speech-to-text,
        LLM and text-to-speech; striped is what no stage explains, and a red line marks the wait when the stages overlap. Each stage&apos;s percentile is its
        own, so the parts need not add up to the wait&apos;s. Which metric names measure a stage is set in Settings → Latency.
      </p>
      {sentences.length ? (
        <ul className="mb-3 space-y-1 text-sm" data-testid="stage-sentences">
          {sentences.map((s) => (
            <li key={s} className="rounded-md bg-amber-50 px-3 py-1.5 text-amber-950 dark:bg-amber-950/60 dark:text-amber-100">
              {s}
            </li>
          ))}
        </ul>
      ) : null}
      {stages.groups.length ? (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {stages.groups.map((g) => (
            <GroupWaterfalls key={g.key} group={g} scaleMs={scaleMs} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          No answered turn in this range {stages.group === "version" ? "names a deployment version" : stages.group === "deployment" ? "names a deployment" : ""}{" "}
          has been measured yet: stages are measured when a call finishes.
        </p>
      )}
      {stages.comparisons.length ? (
        <>
          <h3 className="mt-4 mb-1 text-sm font-semibold">Each stage against the previous deployment</h3>
          <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">
            The change at p50 and p95 with a 95% bootstrap interval (hover a change): “noise” when it includes zero.
          </p>
          <ShiftTable comparisons={stages.comparisons} />
        </>
      ) : null}
    </Card>
  );
}
