import { EmptyState } from "@/components/ui/empty-state";

/** The latency page when the range has no value of the figure, with where such values come from. */
export function NoLatencyValues({ metric }: { metric: string }) {
  return (
    <EmptyState>
      No {metric} values in this range. tts_ttfb arrives with the assistant turns of webhooks; metrics named *_ms arrive through the telemetry API.
    </EmptyState>
  );
}
