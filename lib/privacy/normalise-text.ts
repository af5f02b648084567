// Text as the recognisers read it: NFKC (full-width digits and letters
// become ASCII, a no-break space a space) and every other Unicode decimal
// digit (Arabic-Indic, Devanagari, ...) as its ASCII digit. Each character
// is normalised on its own, so every character of the result comes from one
// character of the original, and a match maps back to the original's offsets.
import { checkBudget } from "./redaction-budget";

export type NormalisedText = {
  text: string;
  /** for each UTF-16 unit of `text`, where its original character starts and ends; null when `text` is the original */
  starts: Int32Array | null;
  ends: Int32Array | null;
};

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const DECIMAL_DIGIT = /\p{Nd}/u;
const folded = new Map<number, string>();

/** The ASCII digit of a Unicode decimal digit: Unicode encodes each set of digits 0 to 9 in a row. */
function digitValue(cp: number): string {
  let zero = cp;
  while (zero > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return String((cp - zero) % 10);
}

function fold(cp: number): string {
  let out = folded.get(cp);
  if (out === undefined) {
    out = "";
    for (const ch of String.fromCodePoint(cp).normalize("NFKC")) {
      const c = ch.codePointAt(0)!;
      out += c > 0x7f && DECIMAL_DIGIT.test(ch) ? digitValue(c) : ch;
    }
    if (folded.size > 50_000) folded.clear();
    folded.set(cp, out);
  }
  return out;
}

export function normaliseText(text: string): NormalisedText {
  if (ASCII_ONLY.test(text)) return { text, starts: null, ends: null };
  let starts = new Int32Array(text.length + 16);
  let ends = new Int32Array(text.length + 16);
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; i < text.length;) {
    checkBudget();
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const piece = cp <= 0x7f ? text[i] : fold(cp);
    if (length + piece.length > starts.length) {
      const grownStarts = new Int32Array(starts.length * 2 + piece.length);
      const grownEnds = new Int32Array(starts.length * 2 + piece.length);
      grownStarts.set(starts);
      grownEnds.set(ends);
      starts = grownStarts;
      ends = grownEnds;
    }
    for (let k = 0; k < piece.length; k++) {
      starts[length + k] = i;
      ends[length + k] = i + width;
    }
    length += piece.length;
    parts.push(piece);
    i += width;
  }
  return { text: parts.join(""), starts: starts.subarray(0, length), ends: ends.subarray(0, length) };
}
