// Errors a client can act on: `{ "error": { "code", "message", "details" } }`.

export type ErrorCode =
  | "bad_request"
  | "invalid_json"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "range_not_satisfiable"
  | "rate_limited"
  | "method_not_allowed"
  | "unavailable"
  | "internal";

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function jsonError(status: number, code: ErrorCode, message: string, details?: unknown, headers?: HeadersInit): Response {
  return Response.json(errorBody(code, message, details), { status, headers });
}

/** Prisma's codes for a server it cannot reach or a pool it cannot get a connection from. */
const PRISMA_UNREACHABLE = new Set(["P1001", "P1002", "P1017", "P2024"]);
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** The database cannot be reached or is shutting down: the client should retry later. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, originalCode, message, cause, name, meta, errors } = error as {
    errors?: unknown;
    code?: unknown;
    originalCode?: unknown;
    message?: unknown;
    cause?: unknown;
    name?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || /^(08|53|57P)/.test(code) || PRISMA_UNREACHABLE.has(code))) return true;
  // Prisma's driver adapter keeps Postgres's own code (57P03: not yet accepting connections) on its cause.
  if (typeof originalCode === "string" && /^(08|53|57P)/.test(originalCode)) return true;
  if (meta && typeof meta === "object" && isDatabaseUnavailable(meta.driverAdapterError, depth + 1)) return true;
  if (name === "PrismaClientInitializationError") return true;
  // Node's failed connection to every address of a host (localhost: ::1 and 127.0.0.1) is an AggregateError of each.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  if (
    typeof message === "string" &&
    /connection terminated|timeout exceeded when trying to connect|ECONNREFUSED|can't reach database server|connection refused|not yet accepting connections|database system is (starting up|shutting down)/i.test(
      message,
    )
  )
    return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/**
 * Errors that say nothing about the data: a deadlock (40P01), a serialization
 * failure (40001), a statement timeout (57014) or a lock timeout (55P03).
 * The same write may well succeed when tried again.
 */
const TRANSIENT_CODES = new Set(["40001", "40P01", "57014", "55P03"]);

export function isTransientDatabaseError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === "string" && TRANSIENT_CODES.has(code)) return true;
  return isTransientDatabaseError(cause, depth + 1);
}

/** The client should retry later: the database is away, or a write failed for a reason that passes. */
export function isRetryLater(error: unknown): boolean {
  return isDatabaseUnavailable(error) || isTransientDatabaseError(error);
}

/** The database refused the data itself (a value it cannot store): retrying will not help. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^22/.test(code);
}

export const UNAVAILABLE_MESSAGE = "The database is unreachable; nothing was stored. Retry later.";

export function unavailable(): Response {
  return jsonError(503, "unavailable", UNAVAILABLE_MESSAGE, undefined, { "Retry-After": "5" });
}
