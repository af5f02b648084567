"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AgentPoint, PercentilePoint } from "@/lib/latency/prepare-latency-charts";

const COLORS = ["#0284c7", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#be185d", "#4d7c0f"];

export type LatencyTimeChartProps = {
  points: PercentilePoint[] | AgentPoint[];
  /** the agents compared, or null for the percentiles of all */
  agents: string[] | null;
  /** the deployments, drawn as dashed lines */
  markers: { t: number; label: string }[];
  unit: string;
  timeZone: string;
};

function formatTime(t: number, unit: string, timeZone: string) {
  const options: Intl.DateTimeFormatOptions = unit === "day" ? { month: "short", day: "numeric", timeZone } : { hour: "2-digit", minute: "2-digit", timeZone };
  return new Intl.DateTimeFormat("en-GB", options).format(new Date(t));
}

export function LatencyTimeChart({ points, agents, markers, unit, timeZone }: LatencyTimeChartProps) {
  const lines = agents
    ? agents.map((a, i) => ({ key: a, name: `${a} p95`, color: COLORS[i % COLORS.length] }))
    : [
        { key: "p50", name: "p50", color: COLORS[0] },
        { key: "p90", name: "p90", color: COLORS[1] },
        { key: "p95", name: "p95", color: COLORS[2] },
        { key: "p99", name: "p99", color: COLORS[3] },
      ];
  return (
    <div
      className="h-80 w-full"
      data-testid="latency-time-chart"
      data-points={points.filter((p) => Object.entries(p).some(([k, v]) => k !== "t" && k !== "n" && v !== null)).length}
    >
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={(t) => formatTime(t, unit, timeZone)}
            tick={{ fontSize: 11 }}
          />
          <YAxis unit=" ms" tick={{ fontSize: 11 }} width={70} />
          <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString(undefined, { timeZone })} formatter={(v) => (v === null ? "—" : `${v} ms`)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {markers.map((m) => (
            <ReferenceLine
              key={`${m.t}${m.label}`}
              x={m.t}
              stroke="#71717a"
              strokeDasharray="4 4"
              label={{ value: m.label, position: "insideTopLeft", fontSize: 10, fill: "#71717a" }}
            />
          ))}
          {lines.map((l) => (
            <Line
              key={l.key}
              type="linear"
              dataKey={l.key}
              name={l.name}
              stroke={l.color}
              dot={false}
              strokeWidth={2}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
