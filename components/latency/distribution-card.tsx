import { Card } from "@/components/ui/card";
import type { HistogramBar } from "@/lib/latency/prepare-latency-charts";
import { LatencyHistogram } from "./latency-histogram";

/** How the values of the range spread, in bins of `binMs`. */
export function DistributionCard({ bars, total, binMs, className }: { bars: HistogramBar[]; total: number; binMs: number; className?: string }) {
  return (
    <Card className={className}>
      <h2 className="mb-1 text-base font-semibold">
        {"Distribution "}
        <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">
          ({total.toLocaleString("en")}
          {` values, ${binMs} ms bins)`}
        </span>
      </h2>
      <LatencyHistogram bars={bars} binMs={binMs} />
    </Card>
  );
}
