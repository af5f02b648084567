// A posted form read the one way every server action reads it: each field of
// the shape is taken from the FormData by the kind of its schema, then the
// whole is checked by zod. Pure, so a form's rules are tested without a server.
import { z } from "zod";

export type FormFieldsResult<T> =
  | { ok: true; data: T }
  /** `errors` has the first message of each field that failed; `error` is the first of all, in the shape's order. */
  | { ok: false; errors: Record<string, string>; error: string };

type Kind = "array" | "boolean" | "value";

/** What a schema expects under its wrappers (optional, default, a transform's input). */
function kindOf(schema: z.core.$ZodType): Kind {
  const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  if (def.type === "array") return "array";
  if (def.type === "boolean") return "boolean";
  const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
  return inner ? kindOf(inner) : "value";
}

/** A field's text trimmed; empty, missing or a file is undefined, as a form left blank means "not given". */
function text(value: FormDataEntryValue | null): string | undefined {
  if (typeof value !== "string") return undefined;
  return value.trim() || undefined;
}

/**
 * Reads `form` into an object of the shape's fields and validates it:
 * - a field whose schema is an array takes every value sent under its name (a
 *   multiple select, repeated hidden fields), blank ones left out;
 * - a boolean field is a checkbox: true when the form sent it at all;
 * - any other field is its text, trimmed, and undefined when blank or missing:
 *   give it `.optional()`, a `.default()` or a transform that says what blank means.
 * Fields not in the shape are ignored.
 */
export function formFields<T extends z.ZodRawShape>(form: FormData, shape: T | z.ZodObject<T>): FormFieldsResult<z.infer<z.ZodObject<T>>> {
  const schema = shape instanceof z.ZodObject ? shape : z.object(shape);
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.shape as z.ZodRawShape)) {
    const kind = kindOf(field);
    if (kind === "boolean") values[name] = form.has(name);
    else if (kind === "array")
      values[name] = form
        .getAll(name)
        .map(text)
        .filter((v) => v !== undefined);
    else values[name] = text(form.get(name));
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = issue.path.length ? String(issue.path[0]) : "";
    errors[name] ??= issue.message;
  }
  return { ok: false, errors, error: parsed.error.issues[0]?.message ?? "The form is not valid." };
}
