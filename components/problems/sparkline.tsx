/** Calls per day as bars, oldest first; the accessible name says the total and the busiest day. */
export function Sparkline({ days, height = 20, width = 84 }: { days: number[]; height?: number; width?: number }) {
  const max = Math.max(1, ...days);
  const total = days.reduce((a, b) => a + b, 0);
  const bar = width / days.length;
  return (
    <svg role="img" aria-label={`${total} calls in the last ${days.length} days, at most ${max} a day`} width={width} height={height} className="text-red-500">
      {days.map((n, i) => {
        const h = n === 0 ? 1 : Math.max(2, (n / max) * height);
        return <rect key={i} x={i * bar + 0.5} y={height - h} width={Math.max(1, bar - 1)} height={h} fill="currentColor" opacity={n === 0 ? 0.25 : 1} />;
      })}
    </svg>
  );
}
