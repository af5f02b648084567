// The transcript exports' part of the OpenAPI document: one call's, and any
// number of calls' streamed.
import { z } from "zod";
import { type ApiPiece, errors, idParameter, operation, queryParameters } from "@/lib/api/openapi-parts";
import { callFilterParameters, TURN_EXAMPLE } from "@/lib/calls/calls-openapi";
import { BULK_FORMATS, TRANSCRIPT_FORMATS } from "./export-formats";

// handle-export.ts reads format and include itself, to answer a wrong one in words of its own.
const exportQuery = (formats: readonly [string, ...string[]], format: string, include: string) =>
  z.object({ format: z.enum(formats).optional().describe(format), include: z.string().optional().describe(include) });

const transcriptQuery = exportQuery(
  TRANSCRIPT_FORMATS,
  "json (default), csv, vtt (WebVTT), srt or txt",
  "`events` to add events (json, csv, txt), `causes` to add the call's causes (json, csv, txt); comma-separated for both",
);
const transcriptsQuery = exportQuery(
  BULK_FORMATS,
  "jsonl (default) or csv",
  "`events` to add events, `causes` to add each call's causes (JSON: `causes`; CSV: rows of kind `cause`); comma-separated for both",
);

export function exportOpenApi(): ApiPiece {
  return {
    paths: {
      "/api/v1/calls/{callId}/transcript": {
        get: operation({
          summary: "Export one call's transcript",
          description:
            "Turn-level timestamps in the format asked for. With `include=events` (json, csv, txt) the log events, metrics and log lines come on the same timeline.",
          path: [idParameter("callId")],
          query: queryParameters(transcriptQuery),
          responses: {
            "200": {
              description: "The transcript, as an attachment named <call id>.<format>",
              content: {
                "application/json": { schema: { type: "object" }, example: { call_id: "MZ5b4a3f", turns: [{ index: 0, ...TURN_EXAMPLE }] } },
                "text/csv": {
                  schema: { type: "string" },
                  example:
                    'call_id,kind,index,role,start_s,end_s,text,tts_ttfb,stt_ttfb,was_interrupted,name,level,value\r\nMZ5b4a3f,turn,0,assistant,0.8,2.6,"Marco\'s Pizzeria, how can I help?",0.198,,,,,\r\n',
                },
                "text/vtt": {
                  schema: { type: "string" },
                  example: "WEBVTT - MZ5b4a3f\n\n1\n00:00:00.800 --> 00:00:02.600\n<v Agent>Marco's Pizzeria, how can I help?\n",
                },
                "application/x-subrip": { schema: { type: "string" } },
                "text/plain": { schema: { type: "string" } },
              },
            },
            ...errors(400, 401, 403, 404, 503),
          },
        }),
      },
      "/api/v1/transcripts": {
        get: operation({
          summary: "Export the transcripts of any number of calls, streamed",
          description:
            "The same filters as List calls. JSON Lines (one call per line) or CSV (one row per turn; a call with no turns is one row of kind `call`). Memory stays flat however many calls match.",
          // Every call that matches is exported, so the filters come without List calls' paging.
          query: [...callFilterParameters(["cursor", "limit"]), ...queryParameters(transcriptsQuery)],
          responses: {
            "200": {
              description: "A stream of transcripts",
              content: {
                "application/x-ndjson": {
                  schema: { type: "string" },
                  example: '{"call_id":"MZ5b4a3f","agent_id":"agent_pizzeria","status":"completed","turns":[...]}\n',
                },
                "text/csv": { schema: { type: "string" } },
              },
            },
            ...errors(400, 401, 403, 503),
          },
        }),
      },
    },
  };
}
