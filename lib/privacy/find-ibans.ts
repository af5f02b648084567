// IBANs, bare or in groups of four split by spaces, dots or dashes, of a country's
// registered length, that pass ISO 13616's mod-97 check. Linear: from each
// two letters and two digits, at most 34 characters are read.
import { checkBudget } from "./redaction-budget";
import type { TextSpan } from "@/lib/redaction-kinds";

/** The length of each country's IBAN, from the SWIFT IBAN registry. */
const LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HN: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

const SEPARATOR = /[ .\-\u2010-\u2015]/;
/** Separators that join one token rather than space its groups apart. */
const JOINER = /[.\-\u2010-\u2015]/;

/** ISO 13616's check: the account moved behind the country, letters as numbers, mod 97 equals 1. */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/[ .\-\u2010-\u2015]/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const moved = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const value = ch >= "A" ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rest = (rest * (value > 9 ? 100 : 10) + value) % 97;
  }
  return rest === 1;
}

const START = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}/g;
const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export function findIbans(text: string): TextSpan[] {
  const found: TextSpan[] = [];
  START.lastIndex = 0;
  for (let m = START.exec(text); m; m = START.exec(text)) {
    checkBudget();
    const length = LENGTHS[m[0].slice(0, 2).toUpperCase()];
    if (!length) continue;
    // Read the country's number of letters and digits: bare, or in groups of four split by one separator each, as IBANs are printed.
    let i = m.index + 4;
    let count = 4;
    let group = 4;
    let grouped = false;
    // Not the tail of a longer token joined by a dash or dot, like a UUID's part.
    if (m.index >= 2 && JOINER.test(text[m.index - 1]) && isAlnum(text.charCodeAt(m.index - 2))) continue;
    while (count < length && i < text.length) {
      if (isAlnum(text.charCodeAt(i))) {
        if (grouped && group === 4) break;
        count++;
        group++;
        i++;
      } else if (group === 4 && SEPARATOR.test(text[i]) && i + 1 < text.length && isAlnum(text.charCodeAt(i + 1))) {
        group = 0;
        grouped = true;
        i++;
      } else break;
    }
    // It must end where a group does, not inside a longer one.
    if (count < length || (i < text.length && isAlnum(text.charCodeAt(i)))) continue;
    if (i + 1 < text.length && JOINER.test(text[i]) && isAlnum(text.charCodeAt(i + 1))) continue;
    if (!ibanValid(text.slice(m.index, i))) continue;
    found.push({ start: m.index, end: i });
    START.lastIndex = i;
  }
  return found;
}
