// A JSON request body, read up to a limit: the value, or the error response
// to send (413 over the limit, 400 when it is not JSON).
import { jsonError } from "./errors";
import { readBody } from "./read-body";

export async function readJson(request: Request, limit: number, options: { empty?: unknown } = {}): Promise<{ json: unknown } | Response> {
  const body = await readBody(request, limit);
  if (!body.ok) return jsonError(413, "payload_too_large", `The body is larger than the limit of ${limit} bytes.`);
  if (options.empty !== undefined && !body.text.trim()) return { json: options.empty };
  try {
    return { json: JSON.parse(body.text) };
  } catch {
    return jsonError(400, "invalid_json", "The body is not valid JSON.");
  }
}
