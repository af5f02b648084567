import { Card } from "@/components/ui/card";
import type { AgentPoint, PercentilePoint } from "@/lib/latency/prepare-latency-charts";
import { LatencyTimeChart } from "./latency-time-chart";

/** Percentiles (or each agent's p95) per bucket of the range, with the deployments marked. */
export function PercentilesCard({
  points,
  agents,
  markers,
  unit,
  timeZone,
}: {
  points: PercentilePoint[] | AgentPoint[];
  /** the agents compared, or null for the percentiles of all */
  agents: string[] | null;
  markers: { t: number; label: string }[];
  unit: string;
  timeZone: string;
}) {
  return (
    <Card>
      <h2 className="mb-1 text-base font-semibold">
        {agents ? "p95 per agent" : "Percentiles"} over time{" "}
        <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">
          (per {unit}, {timeZone}; dashed lines are deployments)
        </span>
      </h2>
      <LatencyTimeChart points={points} agents={agents} markers={markers} unit={unit} timeZone={timeZone} />
    </Card>
  );
}
