// A wait drawn as its stages end to end, on a shared scale so that bars side
// by side compare. What no stage explains is striped; when the stages add up
// to more than the wait (they overlapped), the wait is a line across the bar
// and the excess is named as overlap, never hidden. Each stage's number is in
// its tooltip and its accessible name; with `onSelect` the stages are buttons.
import { formatMilliseconds } from "@/lib/format";
import { STAGE_FILL, STAGE_KEYS, STAGE_NAMES, type StageKey } from "./stage-palette";

export type WaterfallParts = Record<StageKey, number | null>;

type Props = {
  parts: WaterfallParts;
  /** the wait the parts explain (its line is drawn where it ends) */
  waitMs: number;
  /** the milliseconds the full width stands for */
  scaleMs: number;
  /** the accessible name of the whole bar, e.g. "Wait before turn at 0:12" */
  label: string;
  /** "heard in the recording" or "from the timestamps" */
  measuredBy?: string;
  onSelect?: (stage: StageKey) => void;
  /** the action a stage's button performs, for its accessible name */
  selectLabel?: string;
};

export function WaterfallBar({ parts, waitMs, scaleMs, label, measuredBy, onSelect, selectLabel = "play this turn" }: Props) {
  const scale = Math.max(scaleMs, 1);
  const drawn = STAGE_KEYS.filter((k) => (parts[k] ?? 0) > 0);
  const total = drawn.reduce((s, k) => s + (parts[k] ?? 0), 0);
  const overlap = parts.unattributed !== null && parts.unattributed < 0 ? -parts.unattributed : 0;
  const pct = (ms: number) => `${Math.min(100, (ms / scale) * 100)}%`;
  const describe = (k: StageKey) => `${STAGE_NAMES[k]} ${formatMilliseconds(parts[k])}`;
  const summary = [
    `${label}: ${formatMilliseconds(waitMs)}${measuredBy ? `, ${measuredBy}` : ""}`,
    ...STAGE_KEYS.filter((k) => k !== "unattributed").map((k) => (parts[k] === null ? `${STAGE_NAMES[k]} not measured` : describe(k))),
    overlap ? `stages overlap by ${formatMilliseconds(overlap)}` : parts.unattributed !== null ? describe("unattributed") : null,
  ]
    .filter(Boolean)
    .join("; ");
  return (
    <div className="min-w-0" data-waterfall>
      <div role="group" aria-label={summary} className="relative h-3 w-full overflow-hidden rounded-sm bg-zinc-100 dark:bg-zinc-800">
        <div className="absolute inset-y-0 left-0 flex" style={{ width: pct(total) }}>
          {drawn.map((k) => {
            const style = { width: `${((parts[k] ?? 0) / Math.max(total, 1)) * 100}%`, minWidth: 2 };
            const className = `h-full ${STAGE_FILL[k]} border-r border-white/70 last:border-r-0 dark:border-zinc-900/70`;
            return onSelect ? (
              <button
                key={k}
                type="button"
                data-stage={k}
                title={describe(k)}
                aria-label={`${describe(k)}: ${selectLabel}`}
                onClick={() => onSelect(k)}
                className={`${className} cursor-pointer hover:brightness-110 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600`}
                style={style}
              />
            ) : (
              <span key={k} data-stage={k} title={describe(k)} className={className} style={style} />
            );
          })}
        </div>
        {overlap ? (
          <span
            aria-hidden
            title={`The stages overlap by ${formatMilliseconds(overlap)}: they add up to more than the ${formatMilliseconds(waitMs)} wait`}
            className="absolute inset-y-0 w-0.5 bg-red-600 dark:bg-red-400"
            style={{ left: pct(Math.max(0, waitMs)) }}
          />
        ) : null}
      </div>
    </div>
  );
}

/** The numbers under a bar: a dot of each stage's colour, its name and value; absent stages say so. */
export function WaterfallLegend({ parts, compact = false }: { parts: WaterfallParts; compact?: boolean }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-[11px] text-zinc-600 tabular-nums dark:text-zinc-400" aria-hidden>
      {STAGE_KEYS.map((k) => {
        const v = parts[k];
        if (v === null && (compact || k === "unattributed")) return null;
        const overlap = k === "unattributed" && v !== null && v < 0;
        return (
          <li key={k} className="flex items-center gap-1 whitespace-nowrap">
            <span className={`inline-block h-2 w-2 rounded-full ${STAGE_FILL[k]}`} />
            {overlap ? "overlap" : STAGE_NAMES[k]} {v === null ? <span className="text-zinc-600 dark:text-zinc-400">—</span> : formatMilliseconds(Math.abs(v))}
          </li>
        );
      })}
    </ul>
  );
}
