// callscope bundle <call-id>: the call's debug bundle, saved as a zip
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { Command } from "commander";
import { request } from "../client";
import { err, out } from "../output";
import { conn } from "../command-options";

export function registerBundle(program: Command) {
  program
    .command("bundle <call-id>")
    .description("save a call's debug bundle: one zip with the call, transcripts, events, logs, webhooks, deployment and recording")
    .option("--out <file>", "where to save it (default: callscope-<call-id>.zip here)")
    .option("--no-recording", "leave the recording out")
    .action(async (id: string, options, command: Command) => {
      const params = new URLSearchParams(options.recording ? {} : { recording: "false" });
      const response = await request(conn(command), "GET", `/api/v1/calls/${encodeURIComponent(id)}/bundle${params.size ? `?${params}` : ""}`);
      const named = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1];
      const file = options.out ?? named ?? `callscope-${id.replace(/[^A-Za-z0-9._-]/g, "_")}.zip`;
      await pipeline(Readable.fromWeb(response.body as NodeReadableStream), createWriteStream(file));
      err(`Wrote ${file}`);
      out(file);
    });
}
