// What every domain's piece of the OpenAPI document is made of: schemas from
// zod, the error answers, and query parameters read off the zod schema the
// handler validates its query with. Each domain writes its operations beside
// its handlers with these; lib/api/openapi.ts assembles the pieces. This file
// knows no domain, so that every domain can import it.
import { z } from "zod";

type JsonSchema = Record<string, unknown>;

export type Parameter = { name: string; in: "path" | "query" | "header"; required: boolean; schema: JsonSchema; description?: string };
export type Operation = {
  summary: string;
  description?: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, unknown> };
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
};
export type Paths = Record<string, Partial<Record<"get" | "put" | "post" | "patch" | "delete", Operation>>>;

/** One domain's piece of the document: its paths, the component schemas they refer to, and examples beside the schema each must match. */
export type ApiPiece = { paths: Paths; schemas?: Record<string, unknown>; examples?: readonly (readonly [z.ZodType, unknown])[] };

const JSON_SCHEMA = { unrepresentable: "any", target: "draft-2020-12" } as const;
/** What a request may send, from the zod schema that validates it. */
export const inputSchema = (s: z.ZodType) => z.toJSONSchema(s, { ...JSON_SCHEMA, io: "input" }) as JsonSchema;
/** An answer's shape, from the zod schema its handler is typed by. */
export const outputSchema = (s: z.ZodType) => z.toJSONSchema(s, { ...JSON_SCHEMA, io: "output" }) as JsonSchema;

export const ERROR_SCHEMA = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
      required: ["code", "message"],
    },
  },
  required: ["error"],
};

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request (bad JSON, bad parameter)",
  401: "Missing or wrong credentials",
  403: "The key's role does not allow this",
  404: "Not found",
  413: "Body over the size limit",
  415: "Unsupported Content-Type",
  416: "Range not satisfiable",
  409: "Already exists",
  422: "Valid JSON that does not match the schema; details lists the failing paths",
  429: "Too many failed authentications from this address; retry after Retry-After seconds",
  503: "Database unreachable; nothing was stored. Retry after Retry-After seconds",
};

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorContent = { "application/json": { schema: ref("Error") } };

/** An error answer that says what went wrong for this operation. */
export const errorAnswer = (description: string) => ({ description, content: errorContent });

/** The usual error answers of these statuses. */
export const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), errorAnswer(ERROR_TEXT[code])]));

export const json = (name: string) => ({ "application/json": { schema: ref(name) } });
export const withExample = (name: string, example: unknown) => ({ "application/json": { schema: ref(name), example } });
/** `{ data: [name] }` */
export const dataList = (name: string, example?: unknown) => ({
  "application/json": { schema: { type: "object", properties: { data: { type: "array", items: ref(name) } } }, ...(example === undefined ? {} : { example }) },
});

export const pathParameter = (name: string, schema: JsonSchema = { type: "string" }): Parameter => ({ name, in: "path", required: true, schema });
/** A path parameter holding one of Cartesia's ids, which the handlers take up to 256 characters long. */
export const idParameter = (name: string) => pathParameter(name, { type: "string", maxLength: 256 });

/** The object schema under a query schema, through a preprocess before it or a transform after it. */
export function queryShape(schema: z.ZodType): Record<string, z.ZodType> {
  if (schema instanceof z.ZodObject) return schema.shape;
  if (schema instanceof z.ZodPipe) return queryShape((schema.in instanceof z.ZodTransform ? schema.out : schema.in) as z.ZodType);
  throw new Error("A query schema is a z.object, maybe piped from or into a transform.");
}

/**
 * The query parameters of a zod schema, one per property: its JSON Schema as a
 * client sends it, its description, and required when the schema refuses its
 * absence. `names` gives a property the name the API reads it under; `omit`
 * leaves out properties the handler does not take from the URL.
 */
export function queryParameters(schema: z.ZodType, { names = {}, omit = [] }: { names?: Record<string, string>; omit?: readonly string[] } = {}): Parameter[] {
  return Object.entries(queryShape(schema))
    .filter(([key]) => !omit.includes(key))
    .map(([key, property]) => {
      const { $schema: _, description, ...json } = inputSchema(property);
      return {
        name: names[key] ?? key,
        in: "query",
        required: !property.safeParse(undefined).success,
        schema: json,
        ...(typeof description === "string" ? { description } : {}),
      };
    });
}

type OperationSpec = Omit<Operation, "parameters"> & {
  /** in the order of the path */
  path?: Parameter[];
  /** the schema the handler gives authorized(), or queryParameters() of what it reads by hand */
  query?: z.ZodType | Parameter[];
  headers?: Parameter[];
};

/** An operation with its path, query and header parameters, in that order (none: no `parameters`). */
export function operation({ path = [], query = [], headers = [], ...rest }: OperationSpec): Operation {
  const parameters = [...path, ...(Array.isArray(query) ? query : queryParameters(query)), ...headers];
  return parameters.length ? { ...rest, parameters } : rest;
}

/** The pieces' paths or schemas as one object; two pieces may not describe the same one. */
export function mergeUnique<T>(records: Record<string, T>[], what: string): Record<string, T> {
  const merged: Record<string, T> = {};
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      if (key in merged) throw new Error(`Two pieces of the OpenAPI document describe the ${what} ${key}.`);
      merged[key] = value;
    }
  }
  return merged;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
