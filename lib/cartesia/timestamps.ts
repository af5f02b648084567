// RFC 3339 times with up to nanosecond precision. JavaScript dates keep
// milliseconds only, so ordering uses whole nanoseconds since the epoch.
const PATTERN = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

export type PreciseTime = { date: Date; ns: bigint };

export function parseRfc3339(value: string): PreciseTime | null {
  const match = PATTERN.exec(value);
  if (!match) return null;
  const [, day, time, fraction = "", zone] = match;
  const wholeSeconds = Date.parse(`${day}T${time}${zone.toUpperCase()}`);
  if (Number.isNaN(wholeSeconds)) return null;
  const nanos = BigInt(fraction.padEnd(9, "0") || "0");
  const ns = BigInt(wholeSeconds) * 1_000_000n + nanos;
  return { date: new Date(wholeSeconds + Number(nanos / 1_000_000n)), ns };
}

/** Adds seconds (possibly fractional, possibly negative) to a date, keeping microseconds as far as a Date can. */
export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + Math.round(seconds * 1000));
}
