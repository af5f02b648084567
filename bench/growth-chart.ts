// The growth curve as a small SVG: each figure's p50 against the number of
// calls, both axes on a log scale, each line divided by its value at the
// smallest size so that figures of milliseconds and of seconds share a chart.
const WIDTH = 860;
const HEIGHT = 480;
const PLOT = { left: 70, right: 600, top: 50, bottom: 420 };
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmtTick = (r: number) => `×${Number(r.toPrecision(1))}`;
const fmtRatio = (r: number) => `×${r >= 10 ? Math.round(r) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}`;

export function growthChart(sizes: number[], series: { name: string; values: number[] }[]): string {
  const lines = series.map((s) => ({ name: s.name, ratios: s.values.map((v) => v / s.values[0]) }));
  const all = lines.flatMap((l) => l.ratios).filter((r) => r > 0 && Number.isFinite(r));
  // Whole decades of the ratios, ×1 always in view.
  const lo = Math.floor(Math.log10(Math.min(1, ...all)) + 1e-9);
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(1, ...all)) - 1e-9));
  const x = (calls: number) =>
    PLOT.left + ((Math.log10(calls) - Math.log10(sizes[0])) / (Math.log10(sizes.at(-1)!) - Math.log10(sizes[0]) || 1)) * (PLOT.right - PLOT.left);
  const y = (ratio: number) => PLOT.bottom - ((Math.log10(ratio) - lo) / (hi - lo)) * (PLOT.bottom - PLOT.top);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="13">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="28" font-size="16" font-weight="600" fill="#222">Cost of each figure as the data grows (p50, against its value at ${sizes[0].toLocaleString("en-US")} calls)</text>`,
  ];
  // Gridlines and labels: 1, 2 and 5 of each decade on y; each measured size on x.
  for (let d = lo; d <= hi; d++) {
    for (const m of [1, 2, 5]) {
      const r = m * 10 ** d;
      if (Math.log10(r) > hi + 1e-9) continue;
      const yy = y(r).toFixed(1);
      out.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${yy}" y2="${yy}" stroke="${m === 1 ? "#c8c8c8" : "#ececec"}"/>`);
      out.push(`<text x="${PLOT.left - 8}" y="${yy}" dy="4" text-anchor="end" fill="#444">${fmtTick(r)}</text>`);
    }
  }
  for (const calls of sizes) {
    const xx = x(calls).toFixed(1);
    out.push(`<line x1="${xx}" x2="${xx}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${xx}" y="${PLOT.bottom + 20}" text-anchor="middle" fill="#444">${calls.toLocaleString("en-US")}</text>`);
  }
  out.push(`<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 45}" text-anchor="middle" fill="#222">calls in the database (log scale)</text>`);
  out.push(
    `<text transform="translate(18 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#222">p50 ÷ p50 at ${sizes[0].toLocaleString("en-US")} calls (log scale)</text>`,
  );
  // The legend on the right, in the order of the lines' last values, each naming its growth over the whole range.
  const ordered = lines.map((l, i) => ({ ...l, colour: COLOURS[i % COLOURS.length] })).sort((a, b) => b.ratios.at(-1)! - a.ratios.at(-1)!);
  for (const line of ordered) {
    const points = line.ratios.map((r, i) => `${x(sizes[i]).toFixed(1)},${y(r).toFixed(1)}`).join(" ");
    out.push(`<polyline points="${points}" fill="none" stroke="${line.colour}" stroke-width="2.5"/>`);
    for (const [i, r] of line.ratios.entries()) out.push(`<circle cx="${x(sizes[i]).toFixed(1)}" cy="${y(r).toFixed(1)}" r="3.5" fill="${line.colour}"/>`);
  }
  ordered.forEach((line, i) => {
    const yy = PLOT.top + 10 + i * 24;
    out.push(`<line x1="${PLOT.right + 20}" x2="${PLOT.right + 44}" y1="${yy}" y2="${yy}" stroke="${line.colour}" stroke-width="3"/>`);
    out.push(`<text x="${PLOT.right + 52}" y="${yy}" dy="4" fill="#222">${escape(line.name.replace(/_/g, " "))} ${fmtRatio(line.ratios.at(-1)!)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}
