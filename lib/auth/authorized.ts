// The one wrapper of every authenticated API handler: it authenticates the
// request (401, 403 or 429 as authenticate answers), parses the query with a
// zod schema when one is given (400 with the failing parameters), and answers
// whatever the handler throws in the JSON error shape: 503 with Retry-After
// when the database is away, 400 for a value the database refuses, else 500.
import type { z } from "zod";
import { rememberWrite } from "@/lib/db/client";
import { authenticate, type Need, type Principal } from "./authenticate";
import { jsonError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";
import { searchObject } from "@/lib/http/search-params";
import { zodIssues } from "@/lib/http/validation";

export type Authorized<Q> = {
  request: Request;
  principal: Principal;
  /** the path parameter, for routes with one */
  param: string;
  query: Q;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type Wrapped = (request: Request, param?: string) => Promise<Response>;

/** The query schema of each handler that has one, so the OpenAPI document's test can hold the document to it. */
const querySchemas = new WeakMap<Wrapped, z.ZodType>();

export function querySchemaOf(handler: unknown): z.ZodType | undefined {
  return querySchemas.get(handler as Wrapped);
}

export function authorized(need: Need, handler: (ctx: Authorized<undefined>) => Promise<Response>): Wrapped;
export function authorized<S extends z.ZodType>(need: Need, query: S, handler: (ctx: Authorized<z.output<S>>) => Promise<Response>): Wrapped;
export function authorized(
  need: Need,
  schemaOrHandler: z.ZodType | ((ctx: Authorized<undefined>) => Promise<Response>),
  maybeHandler?: (ctx: Authorized<unknown>) => Promise<Response>,
): Wrapped {
  const schema = typeof schemaOrHandler === "function" ? null : schemaOrHandler;
  const handler = (maybeHandler ?? schemaOrHandler) as (ctx: Authorized<unknown>) => Promise<Response>;
  const wrapped: Wrapped = async (request, param = "") => {
    try {
      const principal = await authenticate(request, need);
      if (principal instanceof Response) return principal;
      let query: unknown;
      if (schema) {
        const parsed = schema.safeParse(searchObject(new URL(request.url).searchParams));
        if (!parsed.success) return jsonError(400, "bad_request", "Invalid query parameters.", zodIssues(parsed.error));
        query = parsed.data;
      }
      const response = await handler({ request, principal, param, query });
      // A console user's change through the API: their next pages read a replica only once it has it.
      if (principal.kind === "user" && !SAFE_METHODS.has(request.method) && response.status < 400) await rememberWrite();
      return response;
    } catch (error) {
      return errorResponse(error);
    }
  };
  if (schema) querySchemas.set(wrapped, schema);
  return wrapped;
}
