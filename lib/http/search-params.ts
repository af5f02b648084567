import { z } from "zod";

/** URL search params as an object for a zod schema: a key given more than once becomes an array. */
export function searchObject(params: URLSearchParams): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    object[key] = values.length > 1 ? values : values[0];
  }
  return object;
}

/** A repeatable parameter (`?agent=a&agent=b`, or `?agent=a,b`), as a list without blanks. */
export const many = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    v === undefined
      ? []
      : (Array.isArray(v) ? v : [v])
          .flatMap((s) => s.split(","))
          .map((s) => s.trim())
          .filter(Boolean),
  );
