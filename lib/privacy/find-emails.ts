// Email addresses, written (`jo@example.com`, `jürgen@müller.de`) or as
// speech-to-text writes them ("jane dot doe at example dot com"). Linear:
// the search goes outward from each "@" or " at ", and no character is read
// by more than the two searches on either side of it.
import { checkBudget } from "./redaction-budget";
import type { TextSpan } from "@/lib/redaction-kinds";

const NON_ASCII_WORD = /[\p{L}\p{M}\p{N}]/u;
const LETTERS = /^[\p{L}\p{M}]{2,63}$/u;
const PUNYCODE = /^xn--[a-z0-9-]{1,59}$/i;

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWide = (text: string, i: number) => text.charCodeAt(i) > 0x7f && NON_ASCII_WORD.test(text[i]);
/** The local part's characters: letters and digits of any script, and . _ % + - */
const isLocal = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || isWide(text, i);
};
/** A domain label's characters: letters and digits of any script, and - */
const isLabel = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return isAlnum(c) || c === 45 || isWide(text, i);
};

/** Top-level domains a spoken address may end in: "at" and "dot" are ordinary words, so the end must be one people say. */
const SPOKEN_TLDS = new Set(
  "com net org edu gov mil int io co uk us ca au nz ie de fr es it nl be ch at se no dk fi pl pt cz gr hu ro ru ua jp cn kr in br mx ar cl za info biz me tv ai app dev email online xyz".split(
    " ",
  ),
);
const SPOKEN_DOT = /^[ \t]{1,3}dot[ \t]{1,3}/i;
/** Words that stand before " at " in ordinary speech ("look at example dot com") and are not the local part of an address. */
export const NOT_LOCAL: ReadonlySet<string> = new Set(
  "look looking looked me us him her them it this that here there home work be is are was were am stay staying meet arrive arrived available online found sold buy bought listed hosted live lives go went check visit see seen find only all aim good best great cheaper sale shop open".split(
    " ",
  ),
);

/**
 * Where the domain that starts at `from` ends, after its top-level domain, or
 * -1. " dot " separates labels too; then, or when the address was spoken
 * (`spokenAt`), the top-level domain must be one people say.
 */
function domainEnd(text: string, from: number, spokenAt: boolean, maxLabels: number): number {
  let i = from;
  let labels = 0;
  let spoken = spokenAt;
  let best = -1;
  while (labels < maxLabels) {
    checkBudget();
    const start = i;
    while (i < text.length && isLabel(text, i)) i++;
    if (i === start || i - start > 63) break;
    labels++;
    if (labels >= 2) {
      const label = text.slice(start, i);
      if (spoken ? SPOKEN_TLDS.has(label.toLowerCase()) : LETTERS.test(label) || PUNYCODE.test(label)) best = i;
    }
    if (text[i] === "." && i + 1 < text.length && isLabel(text, i + 1)) i++;
    else {
      const dot = SPOKEN_DOT.exec(text.slice(i, i + 9));
      if (!dot) break;
      i += dot[0].length;
      spoken = true;
    }
  }
  return best;
}

/** Written addresses: outward from each "@". */
function writtenEmails(text: string, found: TextSpan[]) {
  let floor = 0;
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    let start = at;
    while (start > floor && isLocal(text, start - 1)) start--;
    if (start === at) continue;
    const end = domainEnd(text, at + 1, false, Infinity);
    if (end < 0) continue;
    found.push({ start, end });
    floor = end;
    at = end - 1;
  }
}

/** Where the word of an address that ends at `end` starts, or -1 (none, or longer than a local part may be). */
function wordBefore(text: string, end: number, floor: number): number {
  let i = end;
  while (i > floor && end - i <= 64 && isLocal(text, i - 1)) i--;
  return i === end || end - i > 64 ? -1 : i;
}

const SPOKEN_AT = /[ \t]{1,3}at[ \t]{1,3}/gi;
const SPOKEN_JOIN_BEFORE = /[ \t]{1,3}(?:dot|underscore|dash|hyphen)[ \t]{1,3}$/i;

/** Spoken addresses: "jane at example dot com", "jane dot doe at example.com". */
function spokenEmails(text: string, written: readonly TextSpan[], found: TextSpan[]) {
  let floor = 0;
  let next = 0;
  for (const match of text.matchAll(SPOKEN_AT)) {
    checkBudget();
    // Not inside or across a written address, nor reaching back into one.
    while (next < written.length && written[next].end <= match.index) floor = Math.max(floor, written[next++].end);
    if (next < written.length && written[next].start < match.index + match[0].length) continue;
    if (match.index < floor) continue;
    // The local part: a word, and up to three more before it joined by a spoken dot, underscore or dash.
    let start = wordBefore(text, match.index, floor);
    if (start < 0) continue;
    const first = text.slice(start, match.index).toLowerCase();
    let words = 1;
    while (words < 4) {
      const joined = SPOKEN_JOIN_BEFORE.exec(text.slice(Math.max(floor, start - 16), start));
      const before = joined ? wordBefore(text, start - joined[0].length, floor) : -1;
      if (before < 0) break;
      start = before;
      words++;
    }
    if (words === 1 && NOT_LOCAL.has(first)) continue;
    const end = domainEnd(text, match.index + match[0].length, true, 6);
    if (end < 0 || (next < written.length && end > written[next].start)) continue;
    found.push({ start, end });
    floor = end;
  }
}

export function findEmails(text: string): TextSpan[] {
  const written: TextSpan[] = [];
  if (text.includes("@")) writtenEmails(text, written);
  if (!/[ \t]at[ \t]/i.test(text)) return written;
  const spoken: TextSpan[] = [];
  spokenEmails(text, written, spoken);
  if (!spoken.length) return written;
  return [...written, ...spoken].sort((a, b) => a.start - b.start);
}
