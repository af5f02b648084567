// Phone numbers, written with any separators or spoken digit by digit, that
// are valid by the numbering plans (phone-plans.ts): international ones
// after "+" or "plus", national ones of the configured region. Linear: each
// token is looked at with at most the 17 digits after it, and each window's
// check is a regular-expression test of at most 17 digits.
import type { CountryCode } from "libphonenumber-js";
import { scanDigitTokens, TokenWindow } from "./digit-tokens";
import { isPhoneNumber } from "./phone-plans";
import type { TextSpan } from "@/lib/redaction-kinds";

const NOT_JOINED = 0;
const JOINED = 1;
/** Between written groups: spaces, dots, hyphens and other dashes, slashes, underscores, brackets. */
const WRITTEN_JOIN = /^[ \t.\-/_\u2010-\u2015\u2212()]{1,4}$/;
/** Around a spoken digit: spaces, commas, hyphens. */
const SPOKEN_JOIN = /^[ \t,-]{1,3}$/;
/** What libphonenumber also refuses: a date at the start ("2026-12-04 10"), as logs and timestamps write them. */
const DATE_START = /^(?:[12]\d{3}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2(?:[12]\d)?\d{2})(?!\d|[-/.]\d)/;
const SPOKEN_PLUS = /plus[ \t,]{1,3}$/i;
const MAX_DIGITS = 17;

function join(text: string, window: TokenWindow, start: number, spoken: boolean): number {
  const from = window.lastEnd;
  if (start - from < 1 || start - from > 4) return NOT_JOINED;
  const between = text.slice(from, start);
  return (spoken || window.spoken[window.size - 1] ? SPOKEN_JOIN : WRITTEN_JOIN).test(between) ? JOINED : NOT_JOINED;
}

/** Where the number starting with this token begins, with its "+", "plus" or opening bracket; and whether it is international. */
function opening(text: string, start: number, spoken: boolean): { at: number; international: boolean } {
  if (spoken) {
    const before = SPOKEN_PLUS.exec(text.slice(Math.max(0, start - 9), start));
    return before ? { at: start - before[0].length, international: true } : { at: start, international: false };
  }
  let at = start;
  if (text[at - 1] === "(") at--;
  if (text[at - 1] === "+") return { at: at - 1, international: true };
  return { at, international: false };
}

function decide(text: string, window: TokenWindow, region: CountryCode, found: TextSpan[]) {
  const { at, international } = opening(text, window.starts[0], window.spoken[0]);
  let digits = "";
  let match = -1;
  for (let j = 0; j < window.size && digits.length < MAX_DIGITS; j++) {
    // A written group of one digit is a calling code or trunk prefix ("+1 415", "+33 6 12"), never later.
    if (j >= 2 && !window.spoken[j] && window.digits[j].length === 1) break;
    digits += window.digits[j];
    if (digits.length < 7 || digits.length > MAX_DIGITS) continue;
    const end = window.ends[j];
    // A time after it ("… 10:30") means a timestamp.
    if (text[end] === ":" && /\d/.test(text[end + 1] ?? "")) continue;
    if (isPhoneNumber(digits, international, region)) match = j;
  }
  if (match >= 0 && !DATE_START.test(text.slice(at, window.ends[match]))) {
    found.push({ start: at, end: window.ends[match] });
    window.drop(match + 1);
  } else window.drop(1);
}

export function findPhones(text: string, region: CountryCode): TextSpan[] {
  const found: TextSpan[] = [];
  const window = new TokenWindow();
  const settle = () => {
    while (window.size) decide(text, window, region, found);
  };
  scanDigitTokens(text, (start, end, digits, spoken, glued) => {
    if (glued) return settle();
    const how = window.size ? join(text, window, start, spoken) : NOT_JOINED;
    if (window.size && how === NOT_JOINED) settle();
    window.push(start, end, digits, spoken, how);
    while (window.digitCount >= MAX_DIGITS) decide(text, window, region, found);
  });
  settle();
  return found;
}
