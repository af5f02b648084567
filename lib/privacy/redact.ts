// Redaction before storage: the recognisers of personal data in text, and the
// walk over a JSON value that applies them to every string in it except the
// fields that identify and place things (ids, times, types, names of events
// and tools, the telephony routing numbers). A match is replaced by its
// kind's mark ("[card]", "[email]", ...), which no recogniser matches again.
// Pure: no database, so the writer thread and the tests use it as it is.
import { findNumbers, type CountryCode } from "libphonenumber-js";
import type { RedactionKind } from "./redaction-kinds";

export { parseKinds, REDACTION_KINDS, type RedactionKind } from "./redaction-kinds";

export type RedactionCounts = Partial<Record<RedactionKind, number>>;
export type RedactionPolicy = { kinds: readonly RedactionKind[]; phoneRegion: CountryCode };

export const mark = (kind: RedactionKind) => `[${kind}]`;

/** Luhn's check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 13616's check: the account moved behind the country, letters as numbers, mod 97 equals 1. */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/ /g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const moved = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const value = ch >= "A" ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rest = (rest * (value > 9 ? 100 : 10) + value) % 97;
  }
  return rest === 1;
}

type Span = { start: number; end: number; kind: RedactionKind };

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const IBAN = /\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}\b/g;
// Area 000, 666 and 9xx, group 00 and serial 0000 are never issued; a separator is required, since nine bare digits are too often something else.
const SSN = /\b(?!000|666|9\d\d)\d{3}([ -])(?!00)\d{2}\1(?!0000)\d{4}\b/g;

const DIGIT_WORDS: Record<string, string> = {
  zero: "0",
  oh: "0",
  o: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
};
// A digit group or a spoken digit, and what may stand between two of them inside one number.
const DIGIT_TOKEN = /\d+|\b(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine)\b/gi;
const BETWEEN_DIGITS = /^[ \t,-]{0,3}$/;

/** Card numbers: 13 to 19 digits starting 2 to 6, written or spoken, in groups split by spaces, dashes or commas, that pass Luhn's check. */
function cardSpans(text: string): Span[] {
  const tokens = [...text.matchAll(DIGIT_TOKEN)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    digits: /\d/.test(m[0]) ? m[0] : DIGIT_WORDS[m[0].toLowerCase()],
  }));
  const spans: Span[] = [];
  let runStart = 0;
  for (let i = 1; i <= tokens.length; i++) {
    const joined = i < tokens.length && BETWEEN_DIGITS.test(text.slice(tokens[i - 1].end, tokens[i].start));
    if (joined) continue;
    spans.push(...cardsInRun(tokens.slice(runStart, i)));
    runStart = i;
  }
  return spans;
}

/** Every card network's numbers start with 2 to 6; 13-digit epoch milliseconds start with 1. */
const CARD_FIRST_DIGITS = "23456";

/** The longest windows of a run of digit tokens that are card numbers, left to right. */
function cardsInRun(run: { start: number; end: number; digits: string }[]): Span[] {
  const found: Span[] = [];
  let i = 0;
  while (i < run.length) {
    let match = -1;
    let digits = "";
    for (let j = i; j < run.length && digits.length < 19; j++) {
      digits += run[j].digits;
      if (digits.length >= 13 && digits.length <= 19 && CARD_FIRST_DIGITS.includes(digits[0]) && luhnValid(digits)) match = j;
    }
    // Inside a longer run of bare digits (an order number, say) a card must stand on a group boundary.
    if (match >= 0) {
      found.push({ start: run[i].start, end: run[match].end, kind: "card" });
      i = match + 1;
    } else i++;
  }
  return found;
}

function regexSpans(text: string, pattern: RegExp, kind: RedactionKind): Span[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind }));
}

/** IBANs that pass mod 97; a match that ran on into the next words is cut back to the longest valid one. */
function ibanSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(IBAN)) {
    const candidate = m[0];
    for (let end = candidate.length; end >= 15; end--) {
      if (end < candidate.length && candidate[end] !== " ") continue;
      if (ibanValid(candidate.slice(0, end))) {
        spans.push({ start: m.index, end: m.index + end, kind: "iban" });
        break;
      }
    }
  }
  return spans;
}

function phoneSpans(text: string, region: CountryCode): Span[] {
  if (!/\d/.test(text)) return [];
  return findNumbers(text, { defaultCountry: region, v2: true }).map((n) => ({ start: n.startsAt, end: n.endsAt, kind: "phone" as const }));
}

const RECOGNISERS: { kind: RedactionKind; spans: (text: string, policy: RedactionPolicy) => Span[] }[] = [
  { kind: "email", spans: (t) => (t.includes("@") ? regexSpans(t, EMAIL, "email") : []) },
  { kind: "iban", spans: (t) => ibanSpans(t) },
  { kind: "card", spans: (t) => cardSpans(t) },
  { kind: "ssn", spans: (t) => regexSpans(t, SSN, "ssn") },
  { kind: "phone", spans: (t, p) => phoneSpans(t, p.phoneRegion) },
];

/** The text with every match of the policy's kinds replaced by its mark, and how many of each were replaced. */
export function redactText(text: string, policy: RedactionPolicy, counts: RedactionCounts = {}): string {
  if (!policy.kinds.length || text.length < 5) return text;
  let out = text;
  // One kind at a time, in this order: an email's digits are not a phone number, and a card is not a phone number either.
  for (const recogniser of RECOGNISERS) {
    if (!policy.kinds.includes(recogniser.kind)) continue;
    const spans = recogniser.spans(out, policy);
    if (!spans.length) continue;
    let next = "";
    let at = 0;
    for (const span of spans) {
      if (span.start < at) continue;
      next += out.slice(at, span.start) + mark(span.kind);
      at = span.end;
      counts[span.kind] = (counts[span.kind] ?? 0) + 1;
    }
    out = next + out.slice(at);
  }
  return out;
}

/** Keys whose string values identify, place or route, and are never personal content: they are kept as sent. */
const KEPT_KEYS = new Set(["type", "event", "kind", "name", "status", "role", "level", "end_reason", "source", "timestamp", "version"]);
/** Subtrees kept as sent: the caller's and callee's numbers are how a call is found, and erased. */
const KEPT_SUBTREES = new Set(["telephony_params"]);
const keptKey = (key: string) => KEPT_KEYS.has(key) || /(^|_)(id|ids|at|time|ms|s)$/.test(key);

/** Every string in a JSON value redacted, except the kept fields; the input is not changed. */
export function redactJson(value: unknown, policy: RedactionPolicy, counts: RedactionCounts = {}): unknown {
  if (!policy.kinds.length) return value;
  const walk = (node: unknown, key: string | null): unknown => {
    if (typeof node === "string") return key !== null && keptKey(key) ? node : redactText(node, policy, counts);
    if (Array.isArray(node)) return node.map((item) => walk(item, null));
    if (node && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = KEPT_SUBTREES.has(k) ? v : walk(v, k);
      return out;
    }
    return node;
  };
  return walk(value, null);
}

export const hasCounts = (counts: RedactionCounts) => Object.values(counts).some((n) => (n ?? 0) > 0);
