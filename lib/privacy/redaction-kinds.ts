// The kinds of personal data Callscope can redact, and how a setting names
// them. Apart from the recognisers, so that reading the environment does not
// load them.
export const REDACTION_KINDS = ["card", "email", "phone", "ssn", "iban"] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

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
