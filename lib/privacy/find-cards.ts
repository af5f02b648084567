// Card numbers: 13 to 19 digits starting 2 to 6 that pass Luhn's check,
// written in groups or spoken digit by digit. Linear: each token is looked at
// with at most the 19 digits after it.
import { scanDigitTokens, TokenWindow } from "./digit-tokens";
import type { TextSpan } from "@/lib/redaction-kinds";

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

/** Every card network's numbers start with 2 to 6; 13-digit epoch milliseconds start with 1. */
const CARD_FIRST_DIGITS = "23456";
const NOT_JOINED = 0;
/** Spaces, tabs, commas and hyphens, as cards are usually written and transcribed. */
const PLAIN = 1;
/** A dot, slash, underscore, en or em dash, ` -- ` or a line break: also dates', versions' and lists' separators, so only after written groups of three digits or more. */
const OTHER = 2;
const PLAIN_JOIN = /^[ \t,-]{1,3}$/;
const OTHER_JOIN = /^(?:[ \t]?(?:[._/\u2010-\u2015\u2212]|--)[ \t]?|\r?\n)$/;

function join(text: string, from: number, to: number): number {
  if (to - from < 1 || to - from > 4) return NOT_JOINED;
  const between = text.slice(from, to);
  return PLAIN_JOIN.test(between) ? PLAIN : OTHER_JOIN.test(between) ? OTHER : NOT_JOINED;
}

const double = (d: number) => (d * 2 > 9 ? d * 2 - 9 : d * 2);

/** Decides the window's first token: the longest card that starts there, or none. Luhn's sums are kept for both parities as the digits come. */
function decide(window: TokenWindow, found: TextSpan[]) {
  if (!CARD_FIRST_DIGITS.includes(window.digits[0][0])) return window.drop(1);
  let n = 0;
  let evenDoubled = 0;
  let oddDoubled = 0;
  let match = -1;
  let other = false;
  let groups = true;
  for (let j = 0; j < window.size && n < 19; j++) {
    if (window.joins[j] === OTHER) other = true;
    const digits = window.digits[j];
    for (let k = 0; k < digits.length && n <= 19; k++, n++) {
      const d = digits.charCodeAt(k) - 48;
      evenDoubled += n % 2 === 0 ? double(d) : d;
      oddDoubled += n % 2 === 0 ? d : double(d);
    }
    // Luhn doubles every second digit from the right: for an even count, the ones at even places from the left.
    if (n >= 13 && n <= 19 && (!other || groups) && (n % 2 === 0 ? evenDoubled : oddDoubled) % 10 === 0) match = j;
    // Every group but the last (a 13-digit card in fours ends with one digit).
    if (window.spoken[j] || digits.length < 3) groups = false;
  }
  // Inside a longer run of bare digits (an order number, say) a card must stand on a group boundary.
  if (match >= 0) {
    found.push({ start: window.starts[0], end: window.ends[match] });
    window.drop(match + 1);
  } else window.drop(1);
}

export function findCards(text: string): TextSpan[] {
  const found: TextSpan[] = [];
  const window = new TokenWindow();
  const settle = () => {
    while (window.size) decide(window, found);
  };
  scanDigitTokens(text, (start, end, digits, spoken, glued) => {
    if (glued) return settle();
    const how = window.size ? join(text, window.lastEnd, start) : NOT_JOINED;
    if (window.size && how === NOT_JOINED) settle();
    window.push(start, end, digits, spoken, how);
    // The first token's decision needs at most the 19 digits from it on.
    while (window.digitCount >= 19) decide(window, found);
  });
  settle();
  return found;
}
