// The one list of export formats: what each is called, its content type, and
// how the console labels it. The API checks a format against it, the CLI offers
// its names, the console's export menus and the OpenAPI description read it.
// Adding a format: add it here, then its renderer (transcript-formats.ts for one
// call, stream-transcripts.ts for many).

/** One call's transcript. `events`: the format can carry the call's events and causes on the same timeline. */
export const TRANSCRIPT_FORMAT_INFO = {
  json: { contentType: "application/json; charset=utf-8", label: "JSON (turns, tool calls, events, causes)", events: true },
  csv: { contentType: "text/csv; charset=utf-8", label: "CSV (turns, events and causes)", events: true },
  vtt: { contentType: "text/vtt; charset=utf-8", label: "WebVTT subtitles", events: false },
  srt: { contentType: "application/x-subrip; charset=utf-8", label: "SRT subtitles", events: false },
  txt: { contentType: "text/plain; charset=utf-8", label: "Plain text", events: true },
} as const;

/** Any number of calls, streamed (JSON Lines when none is asked for). */
export const BULK_FORMAT_INFO = {
  csv: { contentType: "text/csv; charset=utf-8", label: "CSV (one row per turn, then the call's causes)" },
  jsonl: { contentType: "application/x-ndjson; charset=utf-8", label: "JSON Lines (one call per line, with its causes)" },
} as const;

export type TranscriptFormat = keyof typeof TRANSCRIPT_FORMAT_INFO;
export type BulkFormat = keyof typeof BULK_FORMAT_INFO;
export const TRANSCRIPT_FORMATS = Object.keys(TRANSCRIPT_FORMAT_INFO) as [TranscriptFormat, ...TranscriptFormat[]];
export const BULK_FORMATS = Object.keys(BULK_FORMAT_INFO) as [BulkFormat, ...BulkFormat[]];

export const isTranscriptFormat = (f: string): f is TranscriptFormat => Object.hasOwn(TRANSCRIPT_FORMAT_INFO, f);
export const isBulkFormat = (f: string): f is BulkFormat => Object.hasOwn(BULK_FORMAT_INFO, f);
