// The digits of a text as the number recognisers (cards, spoken phone
// numbers) read them: groups of written digits, and digits spoken one word at
// a time ("four", "oh" for zero). One pass, left to right; the recognisers
// keep a short window of tokens, never one object per digit of the text.
import { checkBudget } from "./redaction-budget";

const SPOKEN: Record<string, string> = {
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

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordChar = (c: number) => isDigit(c) || isLetter(c) || c === 95;

/**
 * Calls `visit` for each token: its offsets, its digits, whether it was spoken,
 * and whether written digits are glued to a letter (part of a word or id such
 * as "a716", which is never a number of its own).
 */
export function scanDigitTokens(text: string, visit: (start: number, end: number, digits: string, spoken: boolean, glued: boolean) => void) {
  const n = text.length;
  // Digits inside a UUID are part of an id, never a number of their own. Fixed-length groups: linear.
  const ids = text.includes("-") ? [...text.matchAll(UUID)].map((m) => [m.index, m.index + m[0].length] as const) : [];
  let nextId = 0;
  const inId = (at: number) => {
    while (nextId < ids.length && ids[nextId][1] <= at) nextId++;
    return nextId < ids.length && ids[nextId][0] <= at;
  };
  for (let i = 0; i < n;) {
    checkBudget();
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      const glued = (i > 0 && isLetter(text.charCodeAt(i - 1))) || (j < n && isLetter(text.charCodeAt(j))) || inId(i);
      visit(i, j, text.slice(i, j), false, glued);
      i = j;
    } else if (isLetter(c)) {
      let j = i + 1;
      while (j < n && isLetter(text.charCodeAt(j))) j++;
      // A whole word, as `\b` would have it: not part of a longer word with digits or underscores.
      if (j - i <= 5 && !(i > 0 && isWordChar(text.charCodeAt(i - 1))) && !(j < n && isWordChar(text.charCodeAt(j)))) {
        const digit = SPOKEN[text.slice(i, j).toLowerCase()];
        if (digit !== undefined) visit(i, j, digit, true, false);
      }
      i = j;
    } else i++;
  }
}

/** A short window of consecutive tokens, as parallel arrays. */
export class TokenWindow {
  starts: number[] = [];
  ends: number[] = [];
  digits: string[] = [];
  spoken: boolean[] = [];
  /** how the token was joined to the one before it (recogniser-specific; 0 for the first) */
  joins: number[] = [];
  digitCount = 0;

  get size() {
    return this.starts.length;
  }
  get lastEnd() {
    return this.ends[this.ends.length - 1];
  }
  push(start: number, end: number, digits: string, spoken: boolean, join: number) {
    this.starts.push(start);
    this.ends.push(end);
    this.digits.push(digits);
    this.spoken.push(spoken);
    this.joins.push(this.starts.length === 1 ? 0 : join);
    this.digitCount += digits.length;
  }
  drop(count: number) {
    for (let k = 0; k < count && this.starts.length; k++) {
      this.digitCount -= this.digits[0].length;
      this.starts.shift();
      this.ends.shift();
      this.digits.shift();
      this.spoken.shift();
      this.joins.shift();
    }
    if (this.joins.length) this.joins[0] = 0;
  }
}
