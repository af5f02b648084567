// A JSON request body, read up to a limit: the value, or the error response
// to send (413 over the limit, 400 when it is not JSON, and with a schema,
// 422 naming each failing path).
import type { z } from "zod";
import { jsonError } from "./errors";
import { type BodyLimit, bodyTooLarge, readBody } from "./read-body";
import { zodIssues } from "./validation";

export async function readJson(request: Request, limit: number | BodyLimit, options: { empty?: unknown } = {}): Promise<{ json: unknown } | Response> {
  const body = await readBody(request, limit);
  if (!body.ok) return bodyTooLarge(limit);
  if (options.empty !== undefined && !body.text.trim()) return { json: options.empty };
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return jsonError(400, "invalid_json", "The body is not valid JSON.");
  }
  if (holdsNul(json)) return jsonError(400, "bad_request", "A string in the body holds a NUL character (\\u0000), which no stored value can contain.");
  return { json };
}

/** Whether any string or key in a JSON value holds U+0000, which Postgres cannot store in text. */
export function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\0");
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value && typeof value === "object") return Object.entries(value).some(([key, v]) => key.includes("\0") || holdsNul(v));
  return false;
}

/** A JSON body parsed by `schema`: its value, or the response to send; `invalid` is the 422's message. */
export async function readJsonAs<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { limit: number | BodyLimit; invalid: string; empty?: unknown },
): Promise<{ data: z.output<S> } | Response> {
  const read = await readJson(request, options.limit, { empty: options.empty });
  if (read instanceof Response) return read;
  const parsed = schema.safeParse(read.json);
  if (!parsed.success) return jsonError(422, "validation_failed", options.invalid, zodIssues(parsed.error));
  return { data: parsed.data };
}
