// The texts the redaction benchmark and the linearity test read: for each
// recogniser, inputs built to make a careless one backtrack or allocate per
// character, and ordinary transcript text with personal data here and there.
import type { RedactionKind } from "@/lib/privacy/redact";

/** A small deterministic generator (mulberry32), so that every run reads the same text. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const repeat = (unit: string) => (bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

function randomGroups(bytes: number) {
  const next = random(7);
  let out = "";
  while (out.length < bytes) out += `${Math.floor(next() * 90 + 10)} `;
  return out.slice(0, bytes);
}

const ORDINARY_LINES = [
  "Agent: Thanks for calling Acme Bank, how can I help you today?",
  "Caller: Hi, I'd like to check the status of my order 7731, it was due on 2026-12-01 at 12:30.",
  "Agent: Of course. Can I have the card number on the account?",
  "Caller: Sure, it's 4111 1111 1111 1111, and my email is jane.doe@example.com.",
  "Agent: Thank you. The total was $1,234.56 and version 16.4.6 of the app shows it as shipped.",
  "Caller: Great, you can also reach me on (415) 555-2671 or at jane at example dot com.",
  "Agent: Noted. Your reference is MZ1f2a3b4c5d6e7f, and the refund goes to DE89 3704 0044 0532 0130 00.",
  "Caller: Perfect, thanks. Oh, and my social is 123-45-6789 if you need it.",
];

export const ordinary = repeat(`${ORDINARY_LINES.join("\n")}\n`);

/** For each recogniser, the inputs that would be worst for it: named, each a function of the size in bytes. */
export const ADVERSARIAL: Record<RedactionKind, Record<string, (bytes: number) => string>> = {
  email: {
    "a…a@ (no domain)": (bytes) => `${"a".repeat(bytes - 1)}@`,
    "a@a@a@…": repeat("a@"),
    "@a.a.a.…": (bytes) => `@${repeat("a.")(bytes - 1)}`,
    "x at x dot …": repeat("x at x dot "),
  },
  card: {
    "1 1 1 …": repeat("1 "),
    "one one one …": repeat("one "),
    "one long group of digits": repeat("4"),
    "4111.4111.…": repeat("4111."),
  },
  phone: {
    "1 1 1 …": repeat("1 "),
    "random two-digit groups": randomGroups,
    "one one one …": repeat("one "),
    "+1 (415) +1 (415) …": repeat("+1 (415) "),
  },
  ssn: {
    "123-45-123-45-…": repeat("123-45-"),
    "1 1 1 …": repeat("1 "),
  },
  iban: {
    "GB82 GB82 …": repeat("GB82 "),
    "GB82WEST1234…": repeat("GB82WEST1234"),
  },
};
