// Errors a client can act on: `{ "error": { "code", "message", "details" } }`.

export type ErrorCode =
  | "bad_request"
  | "invalid_json"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "range_not_satisfiable"
  | "rate_limited"
  | "unavailable";

export function jsonError(status: number, code: ErrorCode, message: string, details?: unknown, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status, headers });
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** The database cannot be reached or is shutting down: the client should retry later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || /^(08|53|57P)/.test(code))) return true;
  return typeof message === "string" && /connection terminated|timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(message);
}

/** The database refused the data itself (a value it cannot store): retrying will not help. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^22/.test(code);
}

export function unavailable(): Response {
  return jsonError(503, "unavailable", "The database is unreachable; nothing was stored. Retry later.", undefined, { "Retry-After": "5" });
}
