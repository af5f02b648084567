import { jsonError } from "./errors";

/** An API path that names nothing: the JSON error, with the way to the API's description. */
export function notFoundApi(request: Request): Response {
  const path = new URL(request.url).pathname;
  return jsonError(404, "not_found", `No API endpoint at ${path.slice(0, 200)}. The API is described at /api/openapi.json.`);
}
