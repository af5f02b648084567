import { Badge, LEVEL_TONE } from "@/components/ui/badge";
import { TtfbBadge } from "@/components/calls/ttfb-badge";
import type { TimelineItem } from "@/lib/calls/build-timeline";
import type { TurnGap } from "@/lib/conversation/get-conversation";
import { formatMs, formatOffset } from "@/lib/format";
import { TurnWaterfall } from "./turn-waterfall";

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

/** The input event (a user turn) that an agent's output answered: Line's responding_to, shortened, in full on hover. */
function RespondingTo({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === "") return null;
  const full = typeof value === "string" ? value : JSON.stringify(value);
  return (
    <span
      className="ml-2 inline-block max-w-full truncate align-bottom font-mono text-[11px] text-zinc-500 dark:text-zinc-400"
      title={`responding to ${full}`}
      data-responding-to={full}
    >
      ↳ {full.length > 13 ? `${full.slice(0, 8)}…` : full}
    </span>
  );
}

function formatDuration(seconds: number) {
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}

/** What each of Line's call-control and other frames is called on the timeline, and its colour. */
const FRAME_BADGE = {
  end_call: { label: "end call", tone: "red" },
  transfer: { label: "transfer", tone: "amber" },
  dtmf: { label: "dtmf", tone: "violet" },
  error: { label: "error", tone: "red" },
  custom: { label: "custom", tone: "blue" },
  message: { label: "agent said", tone: "gray" },
  config: { label: "config", tone: "gray" },
} as const;

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

type EntryProps = {
  item: TimelineItem;
  current: boolean;
  gap?: TurnGap;
  onSeek: (s: number) => void;
  /** the scale of the call's waterfalls, in ms; absent draws none */
  waterfallScaleMs?: number;
  slowest?: boolean;
};

export function TimelineEntry({ item, current, gap, onSeek, waterfallScaleMs, slowest = false }: EntryProps) {
  switch (item.kind) {
    case "turn": {
      const { turn } = item;
      const assistant = turn.role === "assistant";
      return (
        <div className="flex gap-3 py-1.5" data-kind="turn" data-turn-start={turn.startS}>
          <Time atS={turn.startS} />
          <div className="min-w-0 flex-1">
            <button
              type="button"
              data-turn-button
              onClick={() => onSeek(turn.startS)}
              // Space plays and pauses (the page's handler), rather than seeking here again.
              onKeyUp={(e) => {
                if (e.key === " ") e.preventDefault();
              }}
              aria-current={current ? "true" : undefined}
              className={`block w-full min-w-0 rounded-lg border px-3 py-2 text-left transition-colors ${
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
              <span className="block text-sm whitespace-pre-wrap">{turn.text || <em className="text-zinc-500 dark:text-zinc-400">(no text)</em>}</span>
            </button>
            {gap?.waterfall && waterfallScaleMs !== undefined ? (
              <TurnWaterfall gap={gap} turnStartS={turn.startS} scaleMs={waterfallScaleMs} slowest={slowest} onSeek={onSeek} />
            ) : null}
          </div>
        </div>
      );
    }
    case "tool_call": {
      const { call, reported } = item;
      const noResult = call.result === null || call.result === undefined;
      return (
        <div className="flex gap-3 py-1" data-kind="tool_call" data-tool-name={call.name} data-tool-state={reported?.state ?? "transcript"}>
          <Time atS={item.atS} />
          <details className="min-w-0 flex-1 rounded-md border border-violet-200 bg-violet-50/50 px-3 py-1.5 text-sm dark:border-violet-900 dark:bg-violet-950/30">
            <summary className="cursor-pointer break-words">
              <Badge tone="violet">tool call</Badge> <span className="font-mono font-medium break-all">{call.name}</span>
              {reported?.durationS !== null && reported?.durationS !== undefined ? (
                <span className="ml-2 text-xs text-zinc-600 tabular-nums dark:text-zinc-400" title="From the call frame to the return frame">
                  {formatDuration(reported.durationS)}
                </span>
              ) : null}
              {reported?.state === "called" ? (
                <span className="ml-2 text-xs text-amber-700 dark:text-amber-400">called, no return yet</span>
              ) : reported?.state === "return_only" ? (
                <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">returned (call not seen)</span>
              ) : noResult ? (
                <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">no result recorded</span>
              ) : null}
              {reported ? <RespondingTo value={reported.respondingTo} /> : null}
            </summary>
            <div className="mt-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">Arguments</div>
            <Json value={call.arguments} />
            {!noResult ? (
              <>
                <div className="mt-2 text-xs font-medium text-zinc-500 dark:text-zinc-400">Result</div>
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
              <RespondingTo value={event.respondingTo} />
            </summary>
            {hasMetadata ? <Json value={event.metadata} /> : <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">No metadata.</p>}
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
            <span className="font-mono font-semibold break-all">{typeof event.value === "string" ? event.value : JSON.stringify(event.value)}</span>
            <RespondingTo value={event.respondingTo} />
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
    case "end_call":
    case "transfer":
    case "dtmf":
    case "error":
    case "custom":
    case "message":
    case "config": {
      const { event } = item;
      const badge = FRAME_BADGE[item.kind];
      const details = event.metadata !== null && event.metadata !== undefined ? event.metadata : null;
      const summary = (
        <>
          <Badge tone={badge.tone}>{badge.label}</Badge>
          {event.name ? <span className="ml-2 font-mono font-medium break-all">{event.name}</span> : null}
          {event.message ? <span className="ml-2 break-words whitespace-pre-wrap">{event.message}</span> : null}
          <RespondingTo value={event.respondingTo} />
        </>
      );
      return (
        <div className="flex gap-3 py-1" data-kind={item.kind} data-event-name={event.name ?? ""}>
          <Time atS={event.atS} />
          {details ? (
            <details className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-white px-3 py-1.5 text-sm dark:border-zinc-800 dark:bg-zinc-900">
              <summary className="cursor-pointer">{summary}</summary>
              <Json value={details} />
            </details>
          ) : (
            <div className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-white px-3 py-1.5 text-sm dark:border-zinc-800 dark:bg-zinc-900">{summary}</div>
          )}
        </div>
      );
    }
    default: {
      const exhaustive: never = item;
      return exhaustive;
    }
  }
}
