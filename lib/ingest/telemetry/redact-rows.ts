// Redaction of a batch of telemetry rows, as the redaction thread runs it:
// each row's texts and JSON values through the public redaction API, with
// what was found counted per row.
import { type RedactionCounts, type RedactionPolicy, redactField, redactJson, redactText } from "@/lib/privacy/redact";

/** `fields` are short named values (a name, a level) kept as sent only when they have their field's shape. */
export type RedactionInput = { texts: (string | null)[]; values: unknown[]; fields?: [key: string, value: string | null][] };
export type RedactionOutput = { texts: (string | null)[]; values: unknown[]; fields: (string | null)[]; counts: RedactionCounts };

export function redactRows(policy: RedactionPolicy, rows: RedactionInput[]): RedactionOutput[] {
  return rows.map((row) => {
    const counts: RedactionCounts = {};
    return {
      texts: row.texts.map((text) => (text === null ? null : redactText(text, policy, counts))),
      values: row.values.map((value) => redactJson(value, policy, counts)),
      fields: (row.fields ?? []).map(([key, value]) => (value === null ? null : redactField(key, value, policy, counts))),
      counts,
    };
  });
}
