// Cartesia's objects (and the telemetry items of Line agents) are read as
// loose objects: the fields Callscope has no column for are kept as they were
// sent, in an `extra` column, so that nothing Cartesia sends is lost.

/** The fields of `object` not in `known`, as one object; null when there are none. */
export function extraFields(object: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> | null {
  const entries = Object.entries(object).filter(([key]) => !known.has(key));
  return entries.length ? Object.fromEntries(entries) : null;
}
