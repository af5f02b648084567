// The severity of a log level, on loguru's scale (which extends Python
// logging's): TRACE 5, DEBUG 10, INFO 20, SUCCESS 25, WARNING 30, ERROR 40,
// CRITICAL 50. A custom level, or none, counts as INFO.
export const LEVEL_SEVERITY: Record<string, number> = {
  trace: 5,
  debug: 10,
  info: 20,
  notice: 22,
  success: 25,
  warning: 30,
  warn: 30,
  error: 40,
  exception: 40,
  critical: 50,
  fatal: 50,
};

export function severity(level: string | null | undefined): number {
  return LEVEL_SEVERITY[(level ?? "").trim().toLowerCase()] ?? 20;
}

/** The choices of a minimum-level filter, lowest first. */
export const LEVEL_FILTERS = [
  { label: "all", min: 0 },
  { label: "debug and above", min: 10 },
  { label: "info and above", min: 20 },
  { label: "warning and above", min: 30 },
  { label: "error and above", min: 40 },
  { label: "critical", min: 50 },
] as const;
