// Telemetry bodies read as a stream, one item at a time: NDJSON lines,
// text/plain lines, or the elements of a JSON array (with a streaming JSON
// parser). Memory holds one chunk and the item being read, never the body;
// past `maxItems` items the reader throws TooManyItemsError and reads no more.
import { JSONParser } from "@streamparser/json";
import { TooManyItemsError } from "./telemetry-limits";

export type Candidate = { index: number; value: unknown } | { index: number; parseError: string };

/** The body is not JSON (or not one JSON value): the request is refused whole. */
export class InvalidJsonError extends Error {}

/**
 * Lines of the body (without their \r\n or \n), the last one with or without
 * an end of line. Each chunk is searched once: a line that spans many chunks
 * is gathered in pieces and joined once, so a long line costs its length,
 * not its length squared.
 */
async function* lines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let pieces: string[] = [];
  const line = (last: string) => {
    pieces.push(last);
    const whole = pieces.length === 1 ? last : pieces.join("");
    pieces = [];
    return whole.endsWith("\r") ? whole.slice(0, -1) : whole;
  };
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      yield line(text.slice(start, end));
      start = end + 1;
    }
    if (start < text.length) pieces.push(text.slice(start));
  }
  const rest = decoder.decode();
  if (rest) pieces.push(rest);
  if (pieces.length) yield line("");
}

function counter(maxItems: number) {
  let count = 0;
  return () => {
    if (++count > maxItems) throw new TooManyItemsError(maxItems);
  };
}

/** NDJSON: each non-blank line one item (its index is its line number); a line that is not JSON fails alone. */
export async function* ndjsonItems(chunks: AsyncIterable<Uint8Array>, maxItems: number): AsyncGenerator<Candidate> {
  const count = counter(maxItems);
  let index = -1;
  for await (const line of lines(chunks)) {
    index++;
    if (!line.trim()) continue;
    count();
    try {
      yield { index, value: JSON.parse(line) };
    } catch {
      yield { index, parseError: "this line is not valid JSON" };
    }
  }
}

/** text/plain: each non-blank line one item, indexed among the non-blank lines. */
export async function* textItems(chunks: AsyncIterable<Uint8Array>, maxItems: number): AsyncGenerator<Candidate> {
  const count = counter(maxItems);
  let index = 0;
  for await (const line of lines(chunks)) {
    if (!line.trim()) continue;
    count();
    yield { index: index++, value: line };
  }
}

/**
 * One JSON value: an array gives its elements one by one; anything else is
 * one item. With `logsKey`, an object with that key (Cartesia's
 * `{ call_id, logs: [...] }`) gives the elements of that array, and an
 * object without it is one item made of the `fields` named.
 */
export async function* jsonItems(
  chunks: AsyncIterable<Uint8Array>,
  maxItems: number,
  options: { logsKey?: string; fields?: readonly string[] } = {},
): AsyncGenerator<Candidate> {
  const count = counter(maxItems);
  const ready: Candidate[] = [];
  let parser: JSONParser | null = null;
  let single: Record<string, unknown> | null = null;
  let nested = false;
  let index = 0;

  const start = (first: string) => {
    const wrapped = first === "{" && options.logsKey !== undefined;
    const paths = first === "[" ? ["$.*"] : wrapped ? [`$.${options.logsKey}.*`, ...(options.fields ?? []).map((f) => `$.${f}`)] : ["$"];
    if (wrapped) single = {};
    const made = new JSONParser({ paths, keepStack: false });
    made.onValue = ({ value, key, stack }) => {
      if (single && stack.length === 1) {
        single[String(key)] = value;
        return;
      }
      if (single) nested = true;
      count();
      ready.push({ index: index++, value });
    };
    return made;
  };

  const feed = (text: string) => {
    try {
      parser!.write(text);
    } catch (error) {
      if (error instanceof TooManyItemsError) throw error;
      throw new InvalidJsonError((error as Error).message);
    }
  };

  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunks) {
    let text = decoder.decode(chunk, { stream: true });
    if (!parser) {
      const first = text.trimStart();
      if (!first) continue;
      parser = start(first[0]);
      text = first;
    }
    feed(text);
    for (const candidate of ready.splice(0)) yield candidate;
  }
  const rest = decoder.decode();
  if (rest && parser) feed(rest);
  if (!parser) throw new InvalidJsonError("the body is empty");
  try {
    if (!parser.isEnded) parser.end();
  } catch (error) {
    throw new InvalidJsonError((error as Error).message);
  }
  for (const candidate of ready.splice(0)) yield candidate;
  if (single && !nested) {
    count();
    yield { index: 0, value: single };
  }
}
