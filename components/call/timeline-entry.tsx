import { Badge, LEVEL_TONE } from "@/components/ui/badge";
import { TtfbBadge } from "@/components/calls/ttfb-badge";
import type { TimelineItem } from "@/lib/calls/build-timeline";
import type { TurnGap } from "@/lib/conversation/get-conversation";
import { formatMs, formatOffset } from "@/lib/format";

function Json({ value }: { value: unknown }) {
  return (
    <pre className="mt-1 max-h-64 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-zinc-950">
      {typeof value === "string" ? value : JSON.stringify(value, null, 2)}
    </pre>
  );
}

function Time({ atS }: { atS: number | null }) {
  return <span className="w-14 shrink-0 pt-0.5 text-right font-mono text-xs text-zinc-500 tabular-nums dark:text-zinc-400">{formatOffset(atS)}</span>;
}

/** The wait before an agent turn: from the timestamps, and as heard when that differs by more than 100 ms. */
function GapBadges({ gap }: { gap: TurnGap }) {
  const heardDiffers = gap.heardGapMs !== null && Math.abs(gap.heardGapMs - gap.gapMs) > 100;
  return (
    <>
      <Badge title="Response gap: this turn's start − the caller's end, from the timestamps">gap {Math.round(gap.gapMs)} ms</Badge>
      {heardDiffers ? (
        <Badge tone="amber" title="The silence the caller heard in the recording before the agent spoke">
          heard {Math.round(gap.heardGapMs!)} ms
        </Badge>
      ) : null}
    </>
  );
}

export function TimelineEntry({ item, current, gap, onSeek }: { item: TimelineItem; current: boolean; gap?: TurnGap; onSeek: (s: number) => void }) {
  switch (item.kind) {
    case "turn": {
      const { turn } = item;
      const assistant = turn.role === "assistant";
      return (
        <div className="flex gap-3 py-1.5" data-kind="turn" data-turn-start={turn.startS}>
          <Time atS={turn.startS} />
          <button
            type="button"
            data-turn-button
            onClick={() => onSeek(turn.startS)}
            // Space plays and pauses (the page's handler), rather than seeking here again.
            onKeyUp={(e) => {
              if (e.key === " ") e.preventDefault();
            }}
            aria-current={current ? "true" : undefined}
            className={`min-w-0 flex-1 rounded-lg border px-3 py-2 text-left transition-colors ${
              current
                ? "border-sky-500 bg-sky-50 ring-1 ring-sky-500 dark:bg-sky-950"
                : assistant
                  ? "border-zinc-200 bg-white hover:border-sky-300 dark:border-zinc-800 dark:bg-zinc-900"
                  : "border-emerald-200 bg-emerald-50/60 hover:border-emerald-400 dark:border-emerald-900 dark:bg-emerald-950/40"
            }`}
          >
            <span className="mb-1 flex flex-wrap items-center gap-2 text-xs">
              <span className={`font-semibold ${assistant ? "text-sky-700 dark:text-sky-400" : "text-emerald-700 dark:text-emerald-400"}`}>
                {assistant ? "Agent" : turn.role === "user" ? "User" : turn.role}
              </span>
              <span className="font-mono text-zinc-500 dark:text-zinc-400">
                {formatOffset(turn.startS)}–{formatOffset(turn.endS)}
              </span>
              {assistant && turn.ttsTtfb !== null ? <TtfbBadge seconds={turn.ttsTtfb} /> : null}
              {gap ? <GapBadges gap={gap} /> : null}
              {turn.sttTtfb !== null ? <Badge title="Speech-to-text time to first byte">stt {formatMs(turn.sttTtfb)}</Badge> : null}
              {turn.wasInterrupted || turn.endReason === "interrupted" ? <Badge tone="amber">interrupted</Badge> : null}
            </span>
            <span className="block text-sm whitespace-pre-wrap">{turn.text || <em className="text-zinc-500">(no text)</em>}</span>
          </button>
        </div>
      );
    }
    case "tool_call": {
      const call = item.turn.toolCalls[item.index];
      return (
        <div className="flex gap-3 py-1" data-kind="tool_call">
          <Time atS={item.atS} />
          <details className="min-w-0 flex-1 rounded-md border border-violet-200 bg-violet-50/50 px-3 py-1.5 text-sm dark:border-violet-900 dark:bg-violet-950/30">
            <summary className="cursor-pointer">
              <Badge tone="violet">tool call</Badge> <span className="font-mono font-medium">{call.name}</span>
              {call.result === null || call.result === undefined ? <span className="ml-2 text-xs text-zinc-500">no result recorded</span> : null}
            </summary>
            <div className="mt-1 text-xs font-medium text-zinc-500">Arguments</div>
            <Json value={call.arguments} />
            {call.result !== null && call.result !== undefined ? (
              <>
                <div className="mt-2 text-xs font-medium text-zinc-500">Result</div>
                <Json value={call.result} />
              </>
            ) : null}
          </details>
        </div>
      );
    }
    case "log_event": {
      const { event } = item;
      const level = event.level?.toLowerCase() ?? null;
      const hasMetadata = event.metadata !== null && event.metadata !== undefined;
      return (
        <div className="flex gap-3 py-1" data-kind="log_event" data-event-name={event.name ?? ""}>
          <Time atS={event.atS} />
          <details className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-1.5 text-sm dark:border-zinc-800 dark:bg-zinc-900/60">
            <summary className="cursor-pointer">
              <Badge tone={level ? (LEVEL_TONE[level] ?? "gray") : "blue"}>{level ?? "event"}</Badge>{" "}
              <span className="font-mono font-medium">{event.name}</span>
              {event.message ? <span className="ml-2">{event.message}</span> : null}
            </summary>
            {hasMetadata ? <Json value={event.metadata} /> : <p className="mt-1 text-xs text-zinc-500">No metadata.</p>}
          </details>
        </div>
      );
    }
    case "log_metric": {
      const { event } = item;
      return (
        <div className="flex gap-3 py-1" data-kind="log_metric" data-metric-name={event.name ?? ""}>
          <Time atS={event.atS} />
          <div className="min-w-0 flex-1 rounded-md border border-dashed border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
            <Badge tone="green">metric</Badge> <span className="font-mono">{event.name}</span> ={" "}
            <span className="font-mono font-semibold">{typeof event.value === "string" ? event.value : JSON.stringify(event.value)}</span>
          </div>
        </div>
      );
    }
    case "log": {
      const { event } = item;
      const level = event.level?.toLowerCase() ?? "log";
      return (
        <div className="flex gap-3 py-0.5" data-kind="log" data-level={level}>
          <Time atS={event.atS} />
          <div className="min-w-0 flex-1 font-mono text-xs break-words whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">
            <Badge tone={event.level ? (LEVEL_TONE[level] ?? "violet") : "gray"}>{level}</Badge>
            {event.codeLocation ? (
              <span className="ml-2 font-sans text-[11px] break-all text-zinc-500 dark:text-zinc-400">{event.codeLocation}</span>
            ) : null}{" "}
            {event.message}
          </div>
        </div>
      );
    }
    default: {
      const exhaustive: never = item;
      return exhaustive;
    }
  }
}
