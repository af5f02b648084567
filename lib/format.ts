// How figures read in the console: one place, so every page agrees.

export function formatMs(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  return `${Math.round(seconds * 1000)} ms`;
}

/** A figure kept in milliseconds (response gaps), with thousands separated. */
export function formatMilliseconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return `${Math.round(ms).toLocaleString("en")} ms`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

export function formatOffset(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const sign = seconds < 0 ? "-" : "";
  const abs = Math.abs(seconds);
  const m = Math.floor(abs / 60);
  const s = abs - m * 60;
  return `${sign}${m}:${s.toFixed(2).padStart(5, "0")}`;
}

const STEPS: [limit: number, divisor: number, unit: string][] = [
  [60, 1, "s"],
  [3600, 60, "m"],
  [86400, 3600, "h"],
  [86400 * 30, 86400, "d"],
  [86400 * 365, 86400 * 30, "mo"],
  [Infinity, 86400 * 365, "y"],
];

export function formatRelative(date: Date, now = new Date()): string {
  const diff = (now.getTime() - date.getTime()) / 1000;
  const abs = Math.abs(diff);
  if (abs < 5) return "just now";
  const [, divisor, unit] = STEPS.find(([limit]) => abs < limit)!;
  const value = Math.floor(abs / divisor);
  return diff >= 0 ? `${value}${unit} ago` : `in ${value}${unit}`;
}

export function formatDateTime(date: Date | null | undefined): string {
  if (!date) return "—";
  return date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}
