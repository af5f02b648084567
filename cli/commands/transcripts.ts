// callscope transcript export <id>, and callscope transcripts export (many calls, streamed)
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { type Command, Option } from "commander";
import { getJson, request } from "../client";
import { err, out, terminalSafeStream } from "../output";
import { progress } from "../progress";
import { BULK_FORMATS, TRANSCRIPT_FORMATS } from "../../lib/export/export-formats";
import { conn, filterParams, withFilters } from "../command-options";

export function registerTranscripts(program: Command) {
  program
    .command("transcript")
    .description("one call's transcript")
    .command("export <id>")
    .description("export a call's transcript with turn-level timestamps")
    .addOption(new Option("--format <format>", "output format").choices(TRANSCRIPT_FORMATS).default("json"))
    .option("--events", "include log events, metrics and log lines on the same timeline (json, csv, txt)")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (id: string, options, command: Command) => {
      const params = new URLSearchParams({ format: options.format });
      if (options.events) params.set("include", "events");
      const response = await request(conn(command), "GET", `/api/v1/calls/${encodeURIComponent(id)}/transcript?${params}`);
      const body = Readable.fromWeb(response.body as NodeReadableStream);
      if (options.out) {
        await pipeline(body, createWriteStream(options.out));
        err(`Wrote ${options.out}`);
      } else if (process.stdout.isTTY) await pipeline(body, terminalSafeStream(), process.stdout);
      else await pipeline(body, process.stdout);
    });

  withFilters(
    program
      .command("transcripts")
      .description("transcripts of many calls")
      .command("export")
      .description("export the transcripts of every matching call, streamed"),
  )
    .addOption(new Option("--format <format>", "output format").choices(BULK_FORMATS).default("jsonl"))
    .option("--events", "include log events, metrics and log lines")
    .requiredOption("--out <dir>", "the folder to write the export into")
    .action(async (options, command: Command) => {
      const c = conn(command);
      const params = filterParams(options);
      const { count } = await getJson<{ count: number }>(c, `/api/v1/calls?${new URLSearchParams([...params, ["count", "true"]])}`);
      params.set("format", options.format);
      if (options.events) params.set("include", "events");
      const response = await request(c, "GET", `/api/v1/transcripts?${params}`);
      mkdirSync(options.out, { recursive: true });
      const file = path.join(options.out, `transcripts-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.${options.format}`);
      const bar = progress("Exporting calls", count);
      let lastCall: string | null = null;
      let partial = "";
      // Counts calls as they pass: a line per call in JSON Lines, a change of call_id in CSV.
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          const lines = (partial + chunk.toString("utf8")).split("\n");
          partial = lines.pop() ?? "";
          for (const line of lines) {
            if (options.format === "jsonl") bar.tick();
            else {
              const id = line.split(",", 1)[0];
              if (id && id !== "call_id" && id !== lastCall) {
                lastCall = id;
                bar.tick();
              }
            }
          }
          callback(null, chunk);
        },
      });
      await pipeline(Readable.fromWeb(response.body as NodeReadableStream), counter, createWriteStream(file));
      bar.finish();
      err(`Wrote ${bar.done} calls to ${file}`);
      out(file);
    });
}
