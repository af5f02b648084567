import { Card } from "@/components/ui/card";
import { LatencyTimeChart, type LatencyTimeChartProps } from "./latency-time-chart";

/** Percentiles (or each agent's p95) per bucket of the range, with the deployments marked. */
export function PercentilesCard(props: LatencyTimeChartProps) {
  const { agents, unit, timeZone } = props;
  return (
    <Card>
      <h2 className="mb-1 text-base font-semibold">
        {agents ? "p95 per agent" : "Percentiles"} over time{" "}
        <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">
          (per {unit}, {timeZone}; dashed lines are deployments)
        </span>
      </h2>
      <LatencyTimeChart {...props} />
    </Card>
  );
}
