// Everything the CLI prints goes through here, so that what a server sent
// (call ids, transcripts, error messages, an endpoint's answer) cannot move
// the cursor, retitle the window, write the clipboard or hide text in the
// user's terminal: escape sequences and control characters are removed.
import { Transform } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { stripVTControlCharacters } from "node:util";

// Device-control, start-of-string, privacy and application strings (ESC P, X, ^, _ or their C1 forms), up to
// their terminator, and C1 operating system commands: Node's stripVTControlCharacters leaves these.
const STRINGS = /(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g;
// What is left: C0 controls but tab and newline, DEL, and the C1 range.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Text safe to print on a terminal: CSI, OSC and other escape sequences removed, then every control but newline and tab. */
export function terminalSafe(text: string): string {
  return stripVTControlCharacters(text.replace(STRINGS, "")).replace(CONTROLS, "");
}

/** JSON for stdout: the same values, with the C1 controls JSON leaves raw written as \u escapes (C0 ones JSON escapes itself). */
export function terminalJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent || undefined).replace(/[\x7f-\x9f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A line on stdout (what a script reads). */
export const out = (text: string) => void process.stdout.write(`${terminalSafe(text)}\n`);
/** A line on stderr (what a person reads). */
export const err = (text: string) => void process.stderr.write(`${terminalSafe(text)}\n`);
/** One JSON value on stdout, on one or more lines. */
export const outJson = (value: unknown, indent = 2) => void process.stdout.write(`${terminalJson(value, indent)}\n`);

/** A stream of server text made safe for a terminal (a file written from it keeps every byte: use it for terminals only). */
export function terminalSafeStream() {
  const decoder = new StringDecoder("utf8");
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, terminalSafe(decoder.write(chunk)));
    },
    flush(callback) {
      callback(null, terminalSafe(decoder.end()));
    },
  });
}
