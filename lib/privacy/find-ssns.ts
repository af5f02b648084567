// US social security numbers with separators: spaces, dots, dashes, mixed
// ("123-45-6789", "123.45.6789", "123 45-6789"). Nine bare digits are too
// often something else. Area 000, 666 and 9xx, group 00 and serial 0000 are
// never issued. Linear: a pattern of fixed length, tried at each position.
import type { TextSpan } from "@/lib/redaction-kinds";

const SEP = "(?:[ \\t]?[.\\-\\u2010-\\u2015][ \\t]?|[ \\t])";
const SSN = new RegExp(`(?<![\\w.\\-\\u2010-\\u2015])(?!000|666|9\\d\\d)\\d{3}${SEP}(?!00)\\d{2}${SEP}(?!0000)\\d{4}(?!\\w|[.\\-\\u2010-\\u2015]\\d)`, "g");

export function findSsns(text: string): TextSpan[] {
  if (!/\d{4}/.test(text)) return [];
  return Array.from(text.matchAll(SSN), (m) => ({ start: m.index, end: m.index + m[0].length }));
}
