// The one gate between what Callscope receives and what it stores: every text
// kept in a content table (turns, call events, tool calls, the calls' text
// columns, webhook deliveries' bodies, deployments and their logs, evaluation
// results) comes out of here, redacted by the privacy policy. What comes out
// is branded Redacted<T>, and the helpers that write those tables take only
// that, so tsc refuses a value that did not pass; tests/unit/redaction-gate.test.ts
// finds every statement that writes the tables and checks that its file takes
// part. Pure, like redact.ts: the webhook's writer thread and the redaction
// thread (redact-off-thread.ts) run it as it is.
import type { z } from "zod";
import { hasCounts, type RedactionCounts, type RedactionPolicy, redactField, redactJson, redactJsonWithin, redactText } from "./redact";

declare const passed: unique symbol;
/** A value that passed the gate, or was read back from a content table. Only this module makes one. */
export type Redacted<T> = T & { readonly [passed]: true };

const pass = <T>(value: T) => value as Redacted<T>;

/** How a row is redacted, column by column. The columns not named are stored as they are: ids, times, kinds, figures. */
export type StoreColumns<T> = {
  /** free text: every match of the policy's kinds replaced by its mark */
  text?: readonly (keyof T & string)[];
  /** short values that name or place something (a name, a level): kept as sent when they have their field's shape, redacted otherwise */
  named?: readonly (keyof T & string)[];
  /** JSON values: every string, key and integer in them, less the kept fields */
  json?: readonly (keyof T & string)[];
};

/** A row as it may be stored, and what was redacted from it. */
export type RedactedRow<T> = { row: Redacted<T>; counts: RedactionCounts };

/** Rows for a content table, redacted by column, on this thread (redact-off-thread.ts runs it on another). */
export function redactForStore<T extends object>(policy: RedactionPolicy, rows: readonly T[], columns: StoreColumns<T>): RedactedRow<T>[] {
  return rows.map((row) => {
    const counts: RedactionCounts = {};
    const value = (key: string) => (row as Record<string, unknown>)[key];
    const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    for (const key of columns.text ?? []) {
      const text = value(key);
      if (typeof text === "string") out[key] = redactText(text, policy, counts);
    }
    for (const key of columns.named ?? []) {
      const text = value(key);
      if (typeof text === "string") out[key] = redactField(key, text, policy, counts);
    }
    for (const key of columns.json ?? []) out[key] = redactJson(value(key), policy, counts);
    return { row: pass(out as T), counts };
  });
}

/** A JSON value redacted whole (a call object, a line of text): every string, key and integer in it, less the kept fields. */
export function redactValueForStore<T>(policy: RedactionPolicy, value: T): { value: Redacted<T>; counts: RedactionCounts } {
  const counts: RedactionCounts = {};
  return { value: pass(redactJson(value, policy, counts) as T), counts };
}

export type RedactedBody = {
  /** the text to store */
  json: Redacted<string>;
  /** its value, to read the rest of what is stored from */
  value: Redacted<unknown>;
  counts: RedactionCounts;
  /** the budget ran out: the body's text fields were replaced */
  timedOut: boolean;
};

/**
 * A JSON body as it will be stored, redacted within `budgetMs`; past it, its
 * text fields are replaced (withoutText), so that nothing unredacted is stored
 * and the caller is not held up. A body in which nothing was found is kept as
 * it came, byte for byte; any other is written out again from its redacted value.
 */
export function redactBodyForStore(rawJson: string, payload: unknown, policy: RedactionPolicy, budgetMs: number): RedactedBody {
  const { value, counts, timedOut } = redactJsonWithin(payload, policy, budgetMs);
  const found = hasCounts(counts) || timedOut;
  return { json: pass(found ? JSON.stringify(value) : rawJson), value: pass(found ? value : payload), counts, timedOut };
}

/** A redacted value read through a schema: what the schema keeps of it is redacted still. */
export function parseRedacted<T>(schema: z.ZodType<T>, value: Redacted<unknown>): z.ZodSafeParseResult<Redacted<T>> {
  return schema.safeParse(value) as z.ZodSafeParseResult<Redacted<T>>;
}

/** A value read back from a content table: it passed the gate when it was stored. */
export function fromStore<T>(value: T): Redacted<T> {
  return pass(value);
}
