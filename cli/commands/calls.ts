// callscope calls list | get | delete
import { type Command } from "commander";
import type { CallJson, CallSummaryJson } from "@/lib/calls/call-json";
import { getJson, request } from "../client";
import { err, out, outJson } from "../output";
import { conn, filterParams, positive, withFilters } from "../command-options";
import { ms, table } from "../table";

type CallRow = CallSummaryJson;

export function registerCalls(program: Command) {
  const calls = program.command("calls").description("list, read and delete calls");

  withFilters(calls.command("list").description("the newest calls, filtered"))
    .option("--limit <n>", "how many (1 to 200)", positive, 50)
    .option("--json", "machine-readable output")
    .action(async (options, command: Command) => {
      const params = filterParams(options);
      params.set("limit", String(options.limit));
      const page = await getJson<{ data: CallRow[]; next_page: string | null }>(conn(command), `/api/v1/calls?${params}`);
      if (options.json) return outJson(page);
      if (!page.data.length) return err("No calls match.");
      out(
        table(
          ["ID", "STARTED", "AGENT", "STATUS", "DURATION", "TURNS", "TTFB P50", "TTFB MAX"],
          page.data.map((c) => [
            c.id,
            c.start_time?.replace("T", " ").slice(0, 19),
            c.agent_id,
            c.status,
            c.duration_s === null ? null : `${Math.round(c.duration_s)}s`,
            c.turn_count,
            ms(c.tts_ttfb_p50),
            ms(c.tts_ttfb_max),
          ]),
        ),
      );
    });

  calls
    .command("get <id>")
    .description("one call with its transcript and events")
    .option("--json", "machine-readable output")
    .action(async (id: string, options, command: Command) => {
      const call = await getJson<CallJson>(conn(command), `/api/v1/calls/${encodeURIComponent(id)}`);
      if (options.json) return outJson(call);
      out(`${call.id}  ${call.status}  agent ${call.agent_id ?? "—"}  started ${call.start_time ?? "—"}  deployment ${call.deployment_id ?? "—"}`);
      if (call.summary) out(`Summary: ${call.summary}`);
      if (call.error_message) out(`Error: ${call.error_message}`);
      if (call.redacted_at) out(`Redacted at Cartesia on ${call.redacted_at}: no transcript, recording or logs are kept.`);
      if (call.content_deleted && !call.redacted_at) out(`Content deleted by ${call.content_deleted.by} on ${call.content_deleted.at}.`);
      if (call.zdr_enabled) out("Zero data retention: no transcript or recording, by design.");
      for (const t of call.transcript) {
        out(
          `[${t.start_timestamp.toFixed(2).padStart(7)}s] ${t.role === "assistant" ? "Agent" : "User "}: ${t.text}${t.tts_ttfb ? `  (ttfb ${ms(t.tts_ttfb)})` : ""}`,
        );
      }
      if (call.events.length) out(`${call.events.length} events (use --json to see them)`);
    });

  calls
    .command("delete <id>")
    .description("delete a call's content in Callscope: transcript, recording, events, logs, numbers (admin key); the record stays")
    .action(async (id: string, _options, command: Command) => {
      const answer = (await (await request(conn(command), "DELETE", `/api/v1/calls/${encodeURIComponent(id)}`)).json()) as {
        content_deleted: { at: string; by: string };
      };
      err(`Deleted the content of ${id} (${answer.content_deleted.by}, ${answer.content_deleted.at}).`);
    });
}
