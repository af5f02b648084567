// The OpenAPI document held to the app itself: every method of every route
// has an operation and every operation a route, and each operation's query
// parameters are the ones its handler reads. The handlers are found through
// the routes (app/**/route.ts are one-line wires) and their query schemas
// asked of authorized(), so a handler that validates its query with another
// schema than the document shows fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { openApiDocument } from "@/lib/api/openapi";
import { queryShape } from "@/lib/api/openapi-parts";
import { querySchemaOf } from "@/lib/auth/authorized";
import { API_FILTER_NAMES } from "@/lib/calls/api-filter-names";
import { apiCallFiltersSchema } from "@/lib/calls/call-filters";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

/** Routes the document leaves out on purpose. */
const UNDOCUMENTED = [
  // The JSON 404 (or 405) of every path under /api that is not an endpoint.
  "/api/[...unknown]",
  // Better Auth's sign-in, sign-out and session endpoints, which the console's own pages call.
  "/api/auth/[...all]",
];
/** The console's pages and their downloads, for people signed in; API clients have /api/v1 for the same. */
const CONSOLE_GROUP = "(console)";

type Query = { name: string; required: boolean };
const optional = (name: string): Query => ({ name, required: false });

/** The calls filters are read under the API's names too (renameApiFilters in lib/calls/call-filters.ts). */
const API_NAMES = new Map<z.ZodType, Record<string, string>>([[apiCallFiltersSchema, API_FILTER_NAMES]]);

/** The query parameters a schema reads: its properties, required when it refuses their absence. */
function schemaQuery(schema: z.ZodType): Query[] {
  const names = API_NAMES.get(schema) ?? {};
  return Object.entries(queryShape(schema)).map(([key, property]) => ({ name: names[key] ?? key, required: !property.isOptional() }));
}

/** Query parameters handlers read from the URL themselves, besides the schema they give authorized() if any. */
const READ_BY_HAND: Record<string, Query[]> = {
  // listCallsApi: ?count=true answers how many calls match instead of a page.
  "GET /api/v1/calls": [optional("count")],
  // exportTranscript and exportTranscripts answer a wrong format or include in words of their own.
  "GET /api/v1/calls/{callId}/transcript": [optional("format"), optional("include")],
  // exportTranscripts parses the calls filters with parseApiCallFilters, after taking out the paging.
  "GET /api/v1/transcripts": [
    ...schemaQuery(apiCallFiltersSchema).filter((q) => q.name !== "cursor" && q.name !== "limit"),
    optional("format"),
    optional("include"),
  ],
  // handle-recording.ts: ?replace=true (admins) and ?download=1.
  "PUT /api/v1/calls/{callId}/recording": [optional("replace")],
  "GET /api/v1/calls/{callId}/recording": [optional("download")],
};

type Served = { route: string; method: string; handler: unknown };

function routeFiles(dir = APP): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === CONSOLE_GROUP ? [] : routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

/** The URL path of a route file: route groups dropped, `[callId]` as `{callId}`. */
function routePath(file: string): string {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep);
  return `/${segments.filter((s) => !/^\(.+\)$/.test(s)).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
}

/** Each method a route file exports, with the handler it wires to `route(...)` or `routeWith(name, ...)` when it imports one. */
async function served(file: string): Promise<Served[]> {
  const source = readFileSync(file, "utf8");
  const imports = new Map<string, string>();
  for (const [, names, from] of source.matchAll(/import \{([^}]*)\} from "([^"]+)"/g)) {
    for (const name of names.split(",").map((n) => n.trim().replace(/^type /, ""))) if (name) imports.set(name.split(" as ").pop()!, from);
  }
  const methods = [...source.matchAll(/export (?:const|(?:async )?function) (GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)].map((m) => m[1]);
  return Promise.all(
    methods.map(async (method) => {
      const wired = source.match(new RegExp(`export const ${method} = route(?:With)?\\((?:"\\w+", )?(\\w+)\\)`))?.[1];
      if (!wired) return { route: routePath(file), method, handler: undefined };
      const from = imports.get(wired);
      if (!from) throw new Error(`${file}: ${method} wires ${wired}, which it does not import; a route imports its handler from lib/.`);
      const exports = await import(from.startsWith("@/") ? path.join(ROOT, from.slice(2)) : path.resolve(path.dirname(file), from));
      if (!(wired in exports)) throw new Error(`${file}: ${from} exports no ${wired}.`);
      return { route: routePath(file), method, handler: exports[wired] };
    }),
  );
}

describe("the OpenAPI document against the routes", () => {
  const doc = openApiDocument();
  const paths = doc.paths as Record<string, Record<string, { parameters?: { name: string; in: string; required: boolean; description?: string }[] }>>;
  const operations = Object.entries(paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`));
  let routes: Served[] = [];

  beforeAll(async () => {
    routes = (await Promise.all(routeFiles().map(served))).flat().filter((r) => !UNDOCUMENTED.includes(r.route));
  });

  it("finds the routes, and the undocumented ones it leaves out", () => {
    expect(routes.length).toBeGreaterThan(40);
    const all = routeFiles().map(routePath);
    for (const route of UNDOCUMENTED) expect(all, `${route} is listed as undocumented but is no route`).toContain(route);
  });

  it("has an operation for every method of every route", () => {
    const missing = routes.map((r) => `${r.method} ${r.route}`).filter((op) => !operations.includes(op));
    expect(missing, "routes without an operation in the document").toEqual([]);
  });

  it("has no operation for a route or method the app does not serve", () => {
    const servedOps = new Set(routes.map((r) => `${r.method} ${r.route}`));
    expect(
      operations.filter((op) => !servedOps.has(op)),
      "operations without a route",
    ).toEqual([]);
  });

  it("gives each operation the query parameters its handler reads", () => {
    for (const { route, method, handler } of routes) {
      const op = `${method} ${route}`;
      const schema = querySchemaOf(handler);
      const expected = [...(schema ? schemaQuery(schema) : []), ...(READ_BY_HAND[op] ?? [])];
      const operation = paths[route]?.[method.toLowerCase()];
      if (!operation) continue; // missing, as the test above says
      const documented = (operation.parameters ?? []).filter((p) => p.in === "query");
      // As text, so that a failure names the parameters.
      const text = (qs: Query[]) =>
        qs
          .map((q) => `${q.name}${q.required ? " (required)" : ""}`)
          .sort()
          .join(", ");
      expect(text(documented), op).toEqual(text(expected));
    }
  });

  it("says what each query parameter is: a property added to a query schema needs its .describe()", () => {
    for (const [route, methods] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const p of op.parameters ?? []) if (p.in === "query") expect(p.description, `${method.toUpperCase()} ${route} ?${p.name}`).toBeTruthy();
      }
    }
  });

  it("reads by hand only for operations that exist", () => {
    for (const op of Object.keys(READ_BY_HAND)) expect(operations, op).toContain(op);
  });
});
