import type { StoredConversation } from "@/lib/conversation/get-conversation";
import { formatMilliseconds as ms, formatOffset } from "@/lib/format";
import { percentileCont } from "@/lib/latency/compare-deployments";
import { CallSection } from "./call-section";

/** The middle value of some numbers, or null. */
const median = (values: number[]) =>
  values.length
    ? percentileCont(
        [...values].sort((a, b) => a - b),
        0.5,
      )
    : null;

function Figure({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400" title={hint}>
        {label}
      </dt>
      <dd className="font-medium tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** What the caller heard in this call: how long they waited, silences, talk-over. */
export function ConversationSummary({ conversation }: { conversation: StoredConversation | null }) {
  if (!conversation) return null;
  const c = conversation;
  const gaps = c.response_gaps.map((g) => g.gap_ms);
  const heard = c.response_gaps.flatMap((g) => (g.heard_gap_ms === null ? [] : [g.heard_gap_ms]));
  const deadAirS = c.dead_air.reduce((s, i) => s + (i.end - i.start), 0);
  return (
    <CallSection
      id="conversation"
      title="Conversation"
      note={c.source === "audio" ? "(heard in the recording, and from the turns' timestamps)" : "(from the turns' timestamps)"}
      testId="conversation-summary"
    >
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        <Figure label="Response gap, median" value={ms(median(gaps))} hint="Assistant start − user end, from the timestamps" testId="conv-gap" />
        <Figure
          label="Heard gap, median"
          value={c.source === "audio" ? ms(median(heard)) : "no recording read"}
          hint="The silence the caller heard before the agent spoke"
          testId="conv-heard-gap"
        />
        <Figure
          label="Dead air"
          value={c.dead_air.length ? `${c.dead_air.length} × ${deadAirS.toFixed(1)} s in all` : "none"}
          hint="Silences of 2 s or more between the first and the last turn"
          testId="conv-dead-air"
        />
        <Figure label="Talk-over" value={c.overlaps.length ? `${c.overlaps.length} times` : "none"} hint="Caller and agent at once" testId="conv-overlaps" />
        <Figure label="Interruptions" value={String(c.interruptions)} hint="Agent turns the caller cut off" testId="conv-interruptions" />
        <Figure label="Agent talk share" value={c.talk_ratio === null ? "—" : `${Math.round(c.talk_ratio * 100)}%`} testId="conv-talk-ratio" />
        <Figure label="Longest monologue" value={c.longest_monologue_s === null ? "—" : `${c.longest_monologue_s.toFixed(1)} s`} testId="conv-monologue" />
        <Figure label="First word" value={c.time_to_first_word_ms === null ? "—" : formatOffset(c.time_to_first_word_ms / 1000)} testId="conv-first-word" />
      </dl>
      {c.audio_note ? <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">The recording was not read: {c.audio_note}.</p> : null}
    </CallSection>
  );
}
