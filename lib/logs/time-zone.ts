// Wall clocks of IANA zones: a wall time written without a zone read in one
// (LOG_TIMEZONE), and what a zone's clock showed at an instant. One formatter
// per zone, made once.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** What the clock in `zone` showed at an instant, to the second. */
export function wallClock(utcMs: number, zone: string) {
  const p = Object.fromEntries(
    formatter(zone)
      .formatToParts(new Date(utcMs))
      .map((x) => [x.type, Number(x.value)]),
  );
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(zone: string, utcMs: number): number {
  const w = wallClock(utcMs, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(utcMs / 1000) * 1000;
}

/** Whether the runtime knows this IANA zone. */
export function isIanaZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant at which the clock in `zone` showed these fields. A time that
 * the clock skipped (a spring-forward gap) is read with the offset before it;
 * one it showed twice (fall back) is the first of the two.
 */
export function wallTimeToUtc(fields: readonly [number, number, number, number, number, number, number], zone: string): Date {
  const [y, mo, d, h, mi, s, ms] = fields;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (zone === "UTC" || zone === "Etc/UTC") return new Date(asUtc);
  // The offsets a day before and a day after: at most one change lies between them.
  const before = offsetAt(zone, asUtc - 86_400_000);
  const after = offsetAt(zone, asUtc + 86_400_000);
  const valid = [asUtc - before, asUtc - after].filter((t, i) => offsetAt(zone, t) === (i === 0 ? before : after));
  return new Date(valid.length ? Math.min(...valid) : asUtc - before);
}
