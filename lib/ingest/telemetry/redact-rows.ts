// Redaction of a batch of telemetry rows, as the redaction thread runs it:
// each row's texts and JSON values through the public redaction API, with
// what was found counted per row.
import { type RedactionCounts, type RedactionPolicy, redactJson, redactText } from "@/lib/privacy/redact";

export type RedactionInput = { texts: (string | null)[]; values: unknown[] };
export type RedactionOutput = { texts: (string | null)[]; values: unknown[]; counts: RedactionCounts };

export function redactRows(policy: RedactionPolicy, rows: RedactionInput[]): RedactionOutput[] {
  return rows.map((row) => {
    const counts: RedactionCounts = {};
    return {
      texts: row.texts.map((text) => (text === null ? null : redactText(text, policy, counts))),
      values: row.values.map((value) => redactJson(value, policy, counts)),
      counts,
    };
  });
}
