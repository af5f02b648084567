// How every tool answers: small by default, never over a set size. A list is
// cut to the items that fit, with a `next` cursor for the rest; what still
// does not fit (one huge item) is cut as text and marked as such.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

/** The most characters of JSON one tool answer may hold. */
export const MAX_RESULT_CHARS = 24_000;
/** The longest text of one item (a turn, a summary, a log message). */
export const MAX_TEXT_CHARS = 400;

export const clip = (text: string | null | undefined, max = MAX_TEXT_CHARS): string | null =>
  text === null || text === undefined ? null : text.length > max ? `${text.slice(0, max)}…` : text;

export const ms = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? null : Math.round(seconds * 1000));
export const round = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** An opaque cursor over a position in a list; the tools give them out as `next`. */
export const encodeOffset = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString("base64url");

export function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Number.isInteger(value?.o) && value.o >= 0) return value.o;
  } catch {
    // answered below
  }
  throw new ToolInputError("cursor is not one this tool gave out: pass the `next` of its last answer, or leave it out.");
}

export const limitSchema = (fallback: number, max: number) =>
  z.number().int().min(1).max(max).default(fallback).describe(`how many items (default ${fallback}, at most ${max})`);
export const cursorSchema = z.string().max(500).optional().describe("the `next` of the previous answer, for more");

/** A mistake in the tool's input the model can correct: answered as a tool error, not a protocol error. */
export class ToolInputError extends Error {}

export function jsonResult(value: unknown): CallToolResult {
  const text = JSON.stringify(value);
  if (text.length <= MAX_RESULT_CHARS) return { content: [{ type: "text", text }] };
  return {
    content: [
      {
        type: "text",
        text: `${text.slice(0, MAX_RESULT_CHARS)}\n[cut at ${MAX_RESULT_CHARS} characters: ask for fewer items or a narrower range]`,
      },
    ],
  };
}

/**
 * A page of `items` from `offset`: as many as fit under the size limit (at
 * least one), `next` pointing after the last one shown when more remain.
 */
export function pageResult<T>(build: (items: T[], next: string | null) => unknown, items: T[], offset: number, total: number): CallToolResult {
  let count = items.length;
  for (;;) {
    const shown = items.slice(0, count);
    const next = offset + count < total ? encodeOffset(offset + count) : null;
    const value = build(shown, next);
    if (JSON.stringify(value).length <= MAX_RESULT_CHARS || count <= 1) return jsonResult(value);
    count = Math.max(1, Math.floor(count * 0.7));
  }
}

export function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: message }] };
}
