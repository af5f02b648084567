// The kinds of personal data Callscope can redact, and how a setting names
// them. Apart from the recognisers, so that reading the environment does not
// load them.
export const REDACTION_KINDS = ["card", "email", "phone", "ssn", "iban"] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** Where a recogniser found something in a text: UTF-16 offsets, end exclusive. */
export type TextSpan = { start: number; end: number };

/** The text with these spans (in order, apart) blanked out with a character no recogniser reads, offsets kept. */
export function blank(text: string, spans: readonly TextSpan[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const span of spans) {
    parts.push(text.slice(at, span.start), "\u0001".repeat(span.end - span.start));
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

/** Reads `card,email` (or `none`); throws on an unknown kind. */
export function parseKinds(text: string): RedactionKind[] {
  const parts = text
    .split(",")
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (parts.length === 1 && parts[0] === "none") return [];
  const unknown = parts.filter((p) => !(REDACTION_KINDS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`unknown kind ${unknown.join(", ")}: use ${REDACTION_KINDS.join(", ")} or none`);
  return REDACTION_KINDS.filter((k) => parts.includes(k));
}
