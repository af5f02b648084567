/** The latency page when the range has no value of the figure, with where such values come from. */
export function NoLatencyValues({ metric }: { metric: string }) {
  return (
    <p className="rounded-lg border border-zinc-200 p-6 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
      No {metric} values in this range. tts_ttfb arrives with the assistant turns of webhooks; metrics named *_ms arrive through the telemetry API.
    </p>
  );
}
