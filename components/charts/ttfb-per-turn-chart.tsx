"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TtfbPoint } from "@/lib/calls/prepare-ttfb-chart";

function colour(ms: number) {
  if (ms < 300) return "#10b981";
  if (ms < 600) return "#f59e0b";
  return "#ef4444";
}

/** tts_ttfb of each assistant turn; a click opens the transcript at that turn. */
export function TtfbPerTurnChart({ points, callId }: { points: TtfbPoint[]; callId: string }) {
  const router = useRouter();
  if (!points.length) return <p className="text-sm text-zinc-500">No assistant turn of this call has a tts_ttfb.</p>;
  return (
    <div className="h-64 w-full" data-testid="ttfb-chart">
      <ResponsiveContainer>
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="turn" tick={{ fontSize: 11 }} label={{ value: "assistant turn", position: "insideBottom", offset: -4, fontSize: 11 }} />
          <YAxis unit=" ms" tick={{ fontSize: 11 }} width={64} />
          <Tooltip
            formatter={(value) => [`${value} ms`, "tts_ttfb"]}
            labelFormatter={(_, payload) => (payload?.[0]?.payload as TtfbPoint | undefined)?.text ?? ""}
            contentStyle={{ maxWidth: 360, whiteSpace: "normal", fontSize: 12 }}
          />
          <Bar
            dataKey="ttfbMs"
            cursor="pointer"
            onClick={(data) => {
              const point = (data as unknown as { payload?: TtfbPoint }).payload;
              if (point) router.push(`/calls/${encodeURIComponent(callId)}?t=${point.atS}`);
            }}
          >
            {points.map((p) => (
              <Cell key={p.turn} fill={colour(p.ttfbMs)} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
