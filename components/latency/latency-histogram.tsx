"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { HistogramBar } from "@/lib/latency/prepare-latency-charts";

export function LatencyHistogram({ bars, binMs }: { bars: HistogramBar[]; binMs: number }) {
  return (
    <div className="h-64 w-full" data-testid="latency-histogram" data-total={bars.reduce((s, b) => s + b.n, 0)}>
      <ResponsiveContainer>
        <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" minTickGap={16} unit=" ms" />
          <YAxis tick={{ fontSize: 11 }} width={56} allowDecimals={false} />
          <Tooltip
            formatter={(v) => [v, "values"]}
            labelFormatter={(label, payload) => {
              const bar = payload?.[0]?.payload as HistogramBar | undefined;
              return bar && !String(label).startsWith("≥") ? `${bar.fromMs}–${bar.fromMs + binMs} ms` : `${String(label)} ms`;
            }}
          />
          <Bar dataKey="n" fill="#0284c7" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
