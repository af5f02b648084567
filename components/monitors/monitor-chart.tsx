"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type MonitorPoint = { at: number; value: number | null };

/** The watched figure at each evaluation of the last day, against the threshold line. */
export function MonitorChart({ points, threshold, unit }: { points: MonitorPoint[]; threshold: number; unit: "ms" | "ratio" | "calls" | "causes" }) {
  if (!points.length) return <p className="text-sm text-zinc-500">Not evaluated in the last day yet.</p>;
  const show = (v: number) => (unit === "ratio" ? `${(v * 100).toFixed(1)}%` : unit === "ms" ? `${Math.round(v).toLocaleString("en")} ms` : String(v));
  // Seconds too while the chart spans under half an hour, or its ticks would repeat the same minute.
  const short = points.at(-1)!.at - points[0].at < 30 * 60_000;
  const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: short ? "2-digit" : undefined });
  return (
    <div className="h-56 w-full" data-testid="monitor-chart">
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={time} tick={{ fontSize: 11 }} minTickGap={40} />
          <YAxis tickFormatter={show} tick={{ fontSize: 11 }} width={84} domain={[0, (max: number) => Math.max(max, threshold) * 1.1]} />
          <Tooltip
            labelFormatter={(at) => new Date(Number(at)).toLocaleString()}
            formatter={(v) => [show(Number(v)), "value"]}
            contentStyle={{ fontSize: 12 }}
          />
          <ReferenceLine
            y={threshold}
            stroke="#ef4444"
            strokeDasharray="6 3"
            label={{ value: "threshold", position: "insideTopRight", fontSize: 11, fill: "#ef4444" }}
          />
          <Line dataKey="value" stroke="#0284c7" dot={false} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
