// Every HTTP handler is exported through `route` or `routeWith`: whatever a
// handler throws is answered in the JSON error shape, never as an empty 500.
// - the database away, or a write that failed for a passing reason: 503 with Retry-After;
// - a value the database refuses (a NUL byte, a date out of range, …): 400;
// - anything else: 500 with a message, and the error logged.
import { isDataError, isRetryLater, jsonError, unavailable } from "./errors";

type Handler = (request: Request) => Response | Promise<Response>;
type ParamHandler = (request: Request, param: string) => Response | Promise<Response>;
type Context = { params: Promise<Record<string, string | string[] | undefined>> };

export function errorResponse(error: unknown): Response {
  if (isRetryLater(error)) return unavailable();
  if (isDataError(error)) return jsonError(400, "bad_request", `A value in the request cannot be used: ${(error as Error).message}.`);
  if (error instanceof URIError) return jsonError(400, "bad_request", "The request holds broken percent-encoding.");
  console.error("[callscope] unexpected error while answering a request:", error);
  return jsonError(500, "internal", "Something went wrong on the server. It was logged; please try again or report it.");
}

export function route(handler: Handler) {
  return async (request: Request): Promise<Response> => {
    try {
      return await handler(request);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A handler that takes one path parameter, e.g. `routeWith("callId", getCallApi)`. */
export function routeWith(name: string, handler: ParamHandler) {
  return async (request: Request, context: Context): Promise<Response> => {
    try {
      const value = (await context.params)[name];
      return await handler(request, Array.isArray(value) ? value.join("/") : (value ?? ""));
    } catch (error) {
      return errorResponse(error);
    }
  };
}
