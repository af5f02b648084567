// Where the wait before one agent turn went, beside the turn in the
// transcript: the bar, its numbers, which wait it explains, and a mark on the
// call's slowest turn. Clicking a stage plays the recording from where the
// wait began.
import type { TurnGap } from "@/lib/conversation/get-conversation";
import { formatMilliseconds, formatOffset } from "@/lib/format";
import { WaterfallBar, WaterfallLegend, type WaterfallParts } from "@/components/latency/waterfall-bar";
import { Badge } from "@/components/ui/badge";

type Props = { gap: TurnGap; turnStartS: number; scaleMs: number; slowest: boolean; onSeek: (s: number) => void };

/** The wait a turn's waterfall explains. */
export function waitMs(gap: TurnGap): number | null {
  const w = gap.waterfall;
  if (!w) return null;
  return w.measured_by === "audio" && gap.heardGapMs !== null ? gap.heardGapMs : gap.gapMs;
}

/** The longest bar of a call (the longest wait, or stages that add up to more), for one scale over all its turns. */
export function barLengthMs(gap: TurnGap): number {
  const w = gap.waterfall;
  if (!w) return 0;
  const stages = Object.values(w.stages).reduce<number>((s, v) => s + (v ?? 0), 0);
  return Math.max(waitMs(gap) ?? 0, stages + Math.max(0, w.unattributed_ms));
}

export function TurnWaterfall({ gap, turnStartS, scaleMs, slowest, onSeek }: Props) {
  const w = gap.waterfall;
  if (!w) return null;
  const wait = waitMs(gap) ?? 0;
  const parts: WaterfallParts = {
    endpointing: w.stages.endpointing_ms,
    stt: w.stages.stt_ms,
    llm: w.stages.llm_ms,
    tts: w.stages.tts_ms,
    unattributed: w.unattributed_ms,
  };
  const measuredBy = w.measured_by === "audio" ? "heard in the recording" : "from the timestamps";
  return (
    <div
      className={`mt-1 rounded-md border px-3 py-1.5 ${slowest ? "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/40" : "border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"}`}
      data-testid="turn-waterfall"
      data-slowest={slowest ? "true" : undefined}
    >
      <div className="mb-1 flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs">
        <span className="font-medium text-zinc-700 dark:text-zinc-300">Wait {formatMilliseconds(wait)}</span>
        <span className="text-zinc-600 dark:text-zinc-300" data-testid="measured-by">
          {measuredBy}
        </span>
        {slowest ? <Badge tone="red">slowest turn</Badge> : null}
      </div>
      <WaterfallBar
        parts={parts}
        waitMs={wait}
        scaleMs={scaleMs}
        label={`Wait before the agent turn at ${formatOffset(turnStartS)}`}
        measuredBy={measuredBy}
        onSelect={() => onSeek(gap.waitStartS)}
        selectLabel="play from where the wait began"
      />
      <WaterfallLegend parts={parts} />
    </div>
  );
}
