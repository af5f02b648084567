// Chart data for tts_ttfb per assistant turn: pure, so it is tested apart from the chart.
import type { TurnView } from "./get-call";

export type TtfbPoint = { turn: number; atS: number; ttfbMs: number; text: string };

export function prepareTtfbChart(turns: TurnView[]): TtfbPoint[] {
  return turns
    .filter((t) => t.role === "assistant" && t.ttsTtfb !== null)
    .map((t, i) => {
      const text = t.text ?? "";
      return { turn: i + 1, atS: t.startS, ttfbMs: Math.round((t.ttsTtfb as number) * 1000), text: text.length > 90 ? `${text.slice(0, 90)}…` : text };
    });
}
