import type { ConversationStats } from "@/lib/conversation/conversation-stats";
import { formatMilliseconds as ms } from "@/lib/format";

export const CONVERSATION_COLUMNS = [
  { label: "Gap p50", right: true },
  { label: "Gap p95", right: true },
  { label: "Heard p50", right: true },
  { label: "Dead air", right: true },
];

/** Response gaps and dead air of an agent's or a deployment's calls, as table cells beside tts_ttfb. */
export function ConversationCells({ stats, className = "px-3 py-2" }: { stats: ConversationStats; className?: string }) {
  const cell = `${className} text-right whitespace-nowrap tabular-nums`;
  return (
    <>
      <td className={cell} title="Response gap: assistant start − user end, from the timestamps" data-testid="gap-p50">
        {ms(stats.gapP50)}
      </td>
      <td className={cell}>{ms(stats.gapP95)}</td>
      <td className={cell} title="The silence callers heard in the recordings before the agent spoke" data-testid="heard-gap-p50">
        {ms(stats.heardGapP50)}
      </td>
      <td className={cell} title="The share of measured calls with a silence of 2 s or more" data-testid="dead-air-rate">
        {stats.deadAirRate === null ? "—" : `${(stats.deadAirRate * 100).toFixed(1)}%`}
      </td>
    </>
  );
}
