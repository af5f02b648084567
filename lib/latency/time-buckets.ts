// Time on the latency page: the window a range covers, the size of its
// buckets, and where each bucket starts in a time zone, computed the way
// Postgres's date_trunc and date_bin compute them.
import { wallClock } from "@/lib/logs/time-zone";
import { LATENCY_RANGES, type LatencyFilters } from "./latency-filters";

export type Bucket = { unit: "5 minutes" | "hour" | "day"; seconds: number };

/** A range as absolute times: computed once per request and passed to every query and chart. */
export type RangeWindow = { from: Date; to: Date; bucket: Bucket; timeZone: string; starts: number[] };

/** Bucket size from the range: about 50 to 300 points on the chart. */
export function bucketFor(rangeSeconds: number): Bucket {
  if (rangeSeconds <= 6 * 3600) return { unit: "5 minutes", seconds: 300 };
  if (rangeSeconds <= 3 * 86400) return { unit: "hour", seconds: 3600 };
  return { unit: "day", seconds: 86400 };
}

export function rangeWindow(filters: Pick<LatencyFilters, "range" | "tz">, now = new Date()): RangeWindow {
  const seconds = LATENCY_RANGES[filters.range];
  const from = new Date(now.getTime() - seconds * 1000);
  const bucket = bucketFor(seconds);
  return { from, to: now, bucket, timeZone: filters.tz, starts: bucketStarts(from, now, bucket, filters.tz) };
}

/**
 * The starts of the buckets between `from` and `to`, as the database makes
 * them: 5-minute bins from the epoch, hours and days in the time zone.
 */
export function bucketStarts(from: Date, to: Date, bucket: Bucket, timeZone: string): number[] {
  const starts: number[] = [];
  if (bucket.unit === "5 minutes") {
    for (let t = Math.floor(from.getTime() / 300_000) * 300_000; t <= to.getTime(); t += 300_000) starts.push(t);
    return starts;
  }
  for (let t = startOf(from, bucket.unit, timeZone); t <= to.getTime();) {
    starts.push(t);
    // Local hours are always an hour apart. Days are 23 to 25 hours long: 26 hours after a day's
    // start is always inside the next day, whose start it snaps back to.
    t = bucket.unit === "hour" ? t + 3600_000 : startOf(new Date(t + 26 * 3600_000), "day", timeZone);
  }
  return starts;
}

/** The start of the hour or day that holds `date`, in `timeZone`. */
export function startOf(date: Date, unit: "hour" | "day", timeZone: string): number {
  const wall = wallClock(date.getTime(), timeZone);
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, unit === "day" ? 0 : wall.hour);
  // The zone's offset at that moment: local wall time read as UTC, less the real instant.
  const offset = wallAsUtc(new Date(local), timeZone) - local;
  const guess = local - offset;
  const offsetAtGuess = wallAsUtc(new Date(guess), timeZone) - guess;
  return local - offsetAtGuess;
}

function wallAsUtc(date: Date, timeZone: string): number {
  const p = wallClock(date.getTime(), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}
