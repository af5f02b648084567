// A failure message with what differs from one occurrence to the next taken
// out, so that "Timeout after 3012 ms calling https://x/y?id=9" and "Timeout
// after 2998 ms calling https://x/y?id=12" read the same. Pure and linear:
// every pattern is bounded or anchored on a fixed character, and the input is
// cut first. Placeholders are words in angle brackets, which no rule matches
// again, so normalising twice changes nothing.

/** Longer messages are cut first: what groups them is at the start. */
const MAX_INPUT = 4_000;
const MAX_OUTPUT = 200;

/** A word of letters, digits, `_` and `-` that has at least two digits and a letter: an id. */
const id = (word: string) => ((word.match(/\d/g)?.length ?? 0) >= 2 && /[a-z]/i.test(word) ? "<id>" : word);

/**
 * A prefixed id (req_ead2eefdaa, sess-AbCdEfGhIjKlMn): a short word, `_` or `-`, then 8 or more letters and
 * digits that are hex, or hold a digit, or four capitals: random ids often have fewer than two digits.
 */
const prefixedId = (token: string) => {
  const rest = token.slice(token.search(/[_-]/) + 1);
  return /^[0-9a-f]+$/.test(rest) || /\d/.test(rest) || (rest.match(/[A-Z]/g)?.length ?? 0) >= 4 ? "<id>" : token;
};

const RULES: [RegExp, string | ((word: string) => string)][] = [
  // A URL keeps its scheme, host and path; its query string and fragment go.
  [/\b([a-z][a-z0-9+.-]{1,15}:\/\/[^\s?#"'<>]{1,300})[?#][^\s"'<>]{0,2000}/gi, "$1"],
  // Quoted values: 'x', "x", `x`.
  [/"[^"\n]{0,200}"/g, "<str>"],
  [/'[^'\n]{0,200}'/g, "<str>"],
  [/`[^`\n]{0,200}`/g, "<str>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  [/\b\d{4}-\d\d-\d\d[t ]\d\d:\d\d(?::\d\d(?:[.,]\d{1,9})?)?(?:z|[+-]\d\d:?\d\d)?/gi, "<time>"],
  // Durations: a number and a unit.
  [/-?\b\d+(?:[.,]\d+)?\s?(?:ms|msec|milliseconds?|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?)\b/gi, "<duration>"],
  [/\b0x[0-9a-f]{1,64}\b/gi, "<hex>"],
  // Hex of 8 or more characters with a digit and a letter in it (hashes, trace ids).
  [/\b(?=[0-9a-f]{0,63}\d)(?=[0-9a-f]{0,63}[a-f])[0-9a-f]{8,64}\b/gi, "<hex>"],
  // Phone numbers: a + or 7 to 15 digits with separators between them.
  [/(?<!\w)\+?\d(?:[\s().-]{0,2}\d){6,14}\b/g, "<phone>"],
  [/\b[A-Za-z][A-Za-z0-9]{0,15}[_-][A-Za-z0-9]{8,64}\b/g, prefixedId],
  // Ids: letters and at least two digits, 6 or more characters (MZ4958abc, call_abc123, req-9f8e1).
  [/\b[a-z0-9][a-z0-9_-]{5,63}\b/gi, id],
  [/-?\b\d+(?:[.,]\d+)?(?:e[+-]?\d+)?\b/gi, "<n>"],
];

export function normaliseMessage(message: string): string {
  let text = message.slice(0, MAX_INPUT).normalize("NFKC");
  for (const [pattern, replacement] of RULES) text = typeof replacement === "string" ? text.replace(pattern, replacement) : text.replace(pattern, replacement);
  text = text.replace(/\s+/g, " ").trim();
  return text.length > MAX_OUTPUT ? `${text.slice(0, MAX_OUTPUT - 3)}...` : text;
}

/** A frame of a Python traceback, as `File "path", line N, in name` prints it (loguru's too). */
const FRAME = /File "([^"\n]{1,500})", line \d{1,9}, in ([^\s\n]{1,200})/g;
/** Paths that are not the agent's own code: the interpreter's and installed packages. */
const LIBRARY = /(?:site-packages|dist-packages|\/lib\/python\d|<frozen |\/usr\/lib\/|\\lib\\python|asyncio[\\/])/;

export type Traceback = { exception: string; message: string; frames: string[] };

/**
 * Reads a Python traceback out of a log message: the exception, its message
 * and the last three frames in the agent's own code (file name and function,
 * never line numbers, which move with every edit). Null when there is none.
 */
export function readTraceback(text: string): Traceback | null {
  const body = text.slice(0, 64_000);
  if (!/Traceback \(most recent call last\)/.test(body)) return null;
  const frames: { file: string; name: string }[] = [];
  for (const match of body.matchAll(FRAME)) frames.push({ file: match[1], name: match[2] });
  const own = frames.filter((f) => !LIBRARY.test(f.file));
  const picked = (own.length ? own : frames).slice(-3).map((f) => `${f.file.split(/[\\/]/).pop()}:${f.name}`);
  // The exception is the last line that reads "Name: message" (or a bare name) after the last frame.
  const lines = body.split("\n").map((l) => l.replace(/^[\s│|>]+/, "").trimEnd());
  const last = lines.findLast((l) => /^[A-Za-z_][\w.]{0,200}(?::|$)/.test(l) && !l.startsWith("File ") && !l.startsWith("Traceback"));
  const exception = last ? (last.split(":")[0] ?? "").trim() : "Exception";
  const message = last && last.includes(":") ? last.slice(last.indexOf(":") + 1).trim() : "";
  return { exception, message, frames: picked };
}
