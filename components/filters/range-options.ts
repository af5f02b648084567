const RANGE_LABELS: Record<string, string> = {
  "1h": "Last hour",
  "6h": "Last 6 hours",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

/** A filter's time ranges, the keys of its presets in their order, as a Select's options ("Last 7 days"). */
export function rangeOptions(presets: Record<string, number>) {
  return Object.keys(presets).map((value) => ({ value, label: RANGE_LABELS[value] ?? value }));
}
