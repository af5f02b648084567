// Redaction before storage: the recognisers of personal data in text, and the
// walk over a JSON value that applies them to every string, key and number in
// it, except values of the fields that identify and place things when they
// have such a field's shape (kept-fields.ts). A match is replaced by its
// kind's mark ("[card]", "[email]", ...), which no recogniser matches again.
// Text is read NFKC-normalised, with every decimal digit as its ASCII digit,
// and matches are mapped back to the original's offsets. Every recogniser is
// linear in its input. Pure: no database, so the writer thread and the tests
// use it as it is.
import type { CountryCode } from "libphonenumber-js";
import { findCards } from "./find-cards";
import { findEmails } from "./find-emails";
import { findIbans } from "./find-ibans";
import { findPhones } from "./find-phones";
import { findSsns } from "./find-ssns";
import { fieldShape, keptAsSent } from "./kept-fields";
import { normaliseText } from "./normalise-text";
import { checkBudgetNow, RedactionTimeout, withinBudget } from "./redaction-budget";
import { blank, type RedactionKind, type TextSpan } from "@/lib/redaction-kinds";

export { luhnValid } from "./find-cards";
export { ibanValid } from "./find-ibans";
export { parseKinds, REDACTION_KINDS, type RedactionKind } from "@/lib/redaction-kinds";

export type RedactionCounts = Partial<Record<RedactionKind, number>>;
export type RedactionPolicy = { kinds: readonly RedactionKind[]; phoneRegion: CountryCode };

export const mark = (kind: RedactionKind) => `[${kind}]`;

/** In this order, each on what the ones before left: an email's digits are not a phone number, and a card is not a phone number either. */
const RECOGNISERS: { kind: RedactionKind; find: (text: string, policy: RedactionPolicy) => TextSpan[] }[] = [
  { kind: "email", find: (t) => findEmails(t) },
  { kind: "iban", find: (t) => findIbans(t) },
  { kind: "card", find: (t) => findCards(t) },
  { kind: "ssn", find: (t) => findSsns(t) },
  { kind: "phone", find: (t, p) => findPhones(t, p.phoneRegion) },
];

/** The text with every match of the policy's kinds replaced by its mark, and how many of each were replaced. */
export function redactText(text: string, policy: RedactionPolicy, counts: RedactionCounts = {}): string {
  if (!policy.kinds.length || text.length < 5) return text;
  checkBudgetNow();
  const normal = normaliseText(text);
  const active = RECOGNISERS.filter((r) => policy.kinds.includes(r.kind));
  let work = normal.text;
  const found: { kind: RedactionKind; spans: TextSpan[]; next: number }[] = [];
  active.forEach((recogniser, i) => {
    const spans = recogniser.find(work, policy);
    if (!spans.length) return;
    found.push({ kind: recogniser.kind, spans, next: 0 });
    if (i < active.length - 1) work = blank(work, spans);
  });
  if (!found.length) return text;
  // The kinds' spans (each in order, none overlapping another) merged in order,
  // appended piece by piece: V8 joins strings without copying until the result is read.
  let out = "";
  let at = 0;
  for (;;) {
    let first: (typeof found)[number] | null = null;
    for (const list of found) if (list.next < list.spans.length && (!first || list.spans[list.next].start < first.spans[first.next].start)) first = list;
    if (!first) break;
    const span = first.spans[first.next++];
    const start = normal.starts ? normal.starts[span.start] : span.start;
    const end = normal.ends ? normal.ends[span.end - 1] : span.end;
    // Two matches inside one original character (a ligature, say) become one.
    if (start < at) continue;
    out += text.slice(at, start) + mark(first.kind);
    at = end;
    counts[first.kind] = (counts[first.kind] ?? 0) + 1;
  }
  return out + text.slice(at);
}

/** A value of a field that may identify or place (an event's name, a level): kept when it has that field's shape, redacted otherwise. */
export function redactField(key: string, value: string, policy: RedactionPolicy, counts: RedactionCounts = {}): string {
  return keptAsSent(fieldShape(key), value) ? value : redactText(value, policy, counts);
}

/**
 * The caller's and callee's numbers: marked when phone numbers are redacted,
 * kept otherwise (they are how a person's calls are found, and erased). Not
 * counted: they are in every call, and are not what the caller said (a
 * count would drop every call's recording under CALLSCOPE_REDACT_AUDIO=drop).
 */
const ROUTING = new Set(["from", "to"]);
const TELEPHONY = "telephony_params";

function routingNumber<T>(value: T, policy: RedactionPolicy): T | string {
  return policy.kinds.includes("phone") && /\d/.test(String(value)) ? mark("phone") : value;
}

/** An object's entries with their keys replaced, a repeated key numbered so that no value is lost. */
function withKeys(entries: [string, unknown][], key: (k: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const base = key(k);
    let name = base;
    for (let n = 2; Object.hasOwn(out, name); n++) name = `${base} (${n})`;
    out[name] = v;
  }
  return out;
}

/** Every string, key and number of a JSON value redacted, except the kept fields; the input is not changed. */
export function redactJson(value: unknown, policy: RedactionPolicy, counts: RedactionCounts = {}): unknown {
  if (!policy.kinds.length) return value;
  const keys = new Map<string, string>();
  const redactKey = (k: string) => {
    let out = keys.get(k);
    if (out === undefined) keys.set(k, (out = redactText(k, policy, counts)));
    return out;
  };
  const walk = (node: unknown, key: string | null, telephony: boolean): unknown => {
    if (typeof node === "string" || typeof node === "number") {
      if (telephony && key !== null && ROUTING.has(key)) return routingNumber(node, policy);
      if (key !== null && keptAsSent(fieldShape(key), node)) return node;
      if (typeof node === "string") return redactText(node, policy, counts);
      // A fraction is a measurement (a latency of 0.4155551234 s), never a card or phone number.
      if (!Number.isInteger(node)) return node;
      const text = String(node);
      const out = redactText(text, policy, counts);
      return out === text ? node : out;
    }
    if (Array.isArray(node)) return node.map((item) => walk(item, key, telephony));
    if (node && typeof node === "object") {
      return withKeys(
        Object.entries(node).map(([k, v]) => [k, walk(v, k, telephony || k === TELEPHONY)]),
        redactKey,
      );
    }
    return node;
  };
  return walk(value, null, false);
}

export const TIMED_OUT = "[redaction timed out]";
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A JSON value with every text field replaced by TIMED_OUT: what is kept of a value whose redaction ran out of time. Only kept fields and small numbers stay. */
export function withoutText(value: unknown, policy: RedactionPolicy): unknown {
  const walk = (node: unknown, key: string | null, telephony: boolean): unknown => {
    if (typeof node === "string" || typeof node === "number") {
      if (telephony && key !== null && ROUTING.has(key)) return policy.kinds.includes("phone") ? mark("phone") : node;
      if (key !== null && keptAsSent(fieldShape(key), node)) return node;
      // Numbers of up to six digits hold no card, phone number or SSN, and are most of what figures are.
      if (typeof node === "number") return Math.abs(node) < 1e6 ? node : TIMED_OUT;
      return TIMED_OUT;
    }
    if (Array.isArray(node)) return node.map((item) => walk(item, key, telephony));
    if (node && typeof node === "object") {
      return withKeys(
        Object.entries(node).map(([k, v]) => [k, walk(v, k, telephony || k === TELEPHONY)]),
        (k) => (PLAIN_KEY.test(k) ? k : TIMED_OUT),
      );
    }
    return node;
  };
  return walk(value, null, false);
}

export type BudgetedRedaction = { value: unknown; counts: RedactionCounts; timedOut: boolean };

/**
 * redactJson within a time budget. Past it, the value is kept with its text
 * fields replaced (withoutText), so that nothing unredacted is stored and the
 * caller is not held up; the counts are those found until then.
 */
export function redactJsonWithin(value: unknown, policy: RedactionPolicy, budgetMs: number, now?: () => number): BudgetedRedaction {
  const counts: RedactionCounts = {};
  try {
    return { value: withinBudget(budgetMs, () => redactJson(value, policy, counts), now), counts, timedOut: false };
  } catch (error) {
    if (!(error instanceof RedactionTimeout)) throw error;
    return { value: withoutText(value, policy), counts, timedOut: true };
  }
}

export const hasCounts = (counts: RedactionCounts) => Object.values(counts).some((n) => (n ?? 0) > 0);
