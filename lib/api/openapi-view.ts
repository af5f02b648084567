// The OpenAPI document as the API reference page shows it: operations with
// their `$ref`s resolved, so each endpoint's schemas can be read in place.

export type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string | string[] } };
export type MediaType = { schema?: unknown; example?: unknown };
export type Operation = {
  summary: string;
  description?: string;
  parameters?: Parameter[];
  security?: unknown[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
};

/** Replaces `{ $ref: "#/components/schemas/X" }` by X, to a depth that keeps cycles out. */
export function resolveRefs(value: unknown, schemas: Record<string, unknown>, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, schemas, depth));
  if (!value || typeof value !== "object") return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    const name = ref.slice("#/components/schemas/".length);
    return depth > 4 ? { $ref: ref } : resolveRefs(schemas[name], schemas, depth + 1);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, schemas, depth)]));
}

export function resolveSchemas(op: Operation, schemas: Record<string, unknown>): Operation {
  return resolveRefs(op, schemas) as Operation;
}

/** Splits text at `code` spans, for rendering Markdown-style backticks. */
export function codeSpans(text: string): { code: boolean; text: string }[] {
  return text
    .split(/(`[^`]+`)/)
    .filter(Boolean)
    .map((part) => (part.startsWith("`") && part.endsWith("`") && part.length > 2 ? { code: true, text: part.slice(1, -1) } : { code: false, text: part }));
}
