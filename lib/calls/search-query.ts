// What the calls list's search box finds: a call id (whole or its start), a
// phone number (in any format, against the caller's and the called number),
// or words of the transcript and summary, each word also as the start of a
// longer one ("margherit" finds "margherita"). Quotes, OR and a leading
// minus keep Postgres's web-search syntax.

export type SearchPlan = {
  /** the tsquery for transcript text, as SQL over `param` */
  tsquery: (param: string) => string;
  /** the value bound for the tsquery */
  text: string;
  /** digits to find in a phone number, when the search looks like one */
  phoneDigits: string | null;
  /** the search as a call id, when it looks like one */
  callId: string | null;
};

const WORD = /[\p{L}\p{N}]+/gu;

export function planSearch(q: string): SearchPlan {
  const trimmed = q.trim();
  const webSyntax = /["]|\bor\b|(^|\s)-\S/i.test(trimmed);
  const words = trimmed.match(WORD) ?? [];
  const prefix = !webSyntax && words.length > 0;
  const digits = trimmed.replace(/\D/g, "");
  return {
    tsquery: (param) => (prefix ? `to_tsquery('simple', ${param})` : `websearch_to_tsquery('simple', ${param})`),
    text: prefix ? words.map((w) => `${w.toLowerCase()}:*`).join(" & ") : trimmed,
    phoneDigits: /^\+?[\d\s().-]+$/.test(trimmed) && digits.length >= 5 ? digits : null,
    callId: /^[A-Za-z0-9_-]{6,128}$/.test(trimmed) && /\d/.test(trimmed) ? trimmed : null,
  };
}
