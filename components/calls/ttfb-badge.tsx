import { Badge, type Tone } from "@/components/ui/badge";
import { formatMs } from "@/lib/format";

/** Thresholds for time to first byte of speech: under 300 ms feels instant, over 600 ms feels slow. */
export const TTFB_GOOD_S = 0.3;
export const TTFB_SLOW_S = 0.6;

export function ttfbTone(seconds: number): Tone {
  if (seconds < TTFB_GOOD_S) return "green";
  if (seconds < TTFB_SLOW_S) return "amber";
  return "red";
}

export function TtfbBadge({ seconds, label = "ttfb" }: { seconds: number | null; label?: string }) {
  if (seconds === null) return <span className="text-zinc-400">—</span>;
  return (
    <Badge tone={ttfbTone(seconds)} title={`TTS time to first byte: ${formatMs(seconds)}`}>
      {label ? `${label} ` : ""}
      {formatMs(seconds)}
    </Badge>
  );
}

/** TTFB figures of a table's row (its p50, p95…), a cell each, with no label in the badge: the column heading says which. */
export function TtfbCells({ seconds }: { seconds: (number | null)[] }) {
  return (
    <>
      {seconds.map((s, i) => (
        <td key={i} className="px-3 py-2">
          <TtfbBadge seconds={s} label="" />
        </td>
      ))}
    </>
  );
}
