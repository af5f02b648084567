// callscope tail: changes as they are stored, or one call's turns as they are spoken
import { type Command, Option } from "commander";
import type { CallJson, CallSummaryJson, StreamEventJson } from "@/lib/calls/call-json";
import { KIND_FILTERS } from "../../lib/live/change-json";
import { CliError, type Connection, getJson } from "../client";
import { followStream } from "../follow-stream";
import { err, out, outJson } from "../output";
import { conn } from "../command-options";

type TailEvent = StreamEventJson;
type CallRow = CallSummaryJson;

export function registerTail(program: Command) {
  program
    .command("tail")
    .description("follow calls, turns and events live as they are stored, from the live stream (Ctrl-C to stop)")
    .option("--call <id>", "follow one call: its turns as [agent] / [user] lines, until it ends")
    .option("--agent <id>", "only this agent's calls")
    .addOption(new Option("--kind <kind...>", "only these kinds of change").choices([...KIND_FILTERS]))
    .option("--json", "one JSON object per line")
    .action(async (options: { call?: string; agent?: string; kind?: string[]; json?: boolean }, command: Command) => {
      const c = conn(command);
      const params = new URLSearchParams();
      if (options.call) params.set("call_id", options.call);
      if (options.agent) params.set("agent_id", options.agent);
      for (const kind of options.kind ?? []) params.append("kind", kind);
      const stop = new AbortController();
      process.once("SIGINT", () => stop.abort());
      process.once("SIGTERM", () => stop.abort());
      const time = () => new Date().toISOString().slice(11, 19);
      // Server strings pass through the terminal-safe writers (cli/output.ts).
      const emit = (object: Record<string, unknown>, line: string) => (options.json ? outJson(object, 0) : out(line));
      const note = (line: string) => err(line);
      const connected = (again: boolean) => note(again ? "Reconnected: resuming where the stream left off." : `Following ${c.url} (Ctrl-C to stop)…`);
      const dropped = (why: string) => note(`Connection lost (${why}); reconnecting…`);

      if (options.call) {
        const followed = new CallFollower(c, options.call, emit);
        await followed.print();
        if (followed.ended) return;
        await followStream(
          c,
          params,
          async (message) => {
            if (message.kind === "resync" || message.call_id === options.call) await followed.print();
            if (followed.ended) stop.abort();
          },
          {
            signal: stop.signal,
            onConnected: (again) => {
              connected(again);
              // What changed while it was away, though the stream replays it too.
              if (again) followed.print().catch((error) => note(`Could not read the call: ${(error as Error).message}`));
            },
            onDropped: dropped,
          },
        );
        return;
      }

      // Event details come from GET /api/v1/events, after the last one printed.
      let afterEvent = (await getJson<{ data: { id: string }[] }>(c, "/api/v1/events")).data.at(-1)?.id ?? "0";
      const callsSeen = new Set<string>();
      await followStream(
        c,
        params,
        async (message) => {
          if (message.kind === "resync") {
            return emit({ kind: "resync", reason: message.reason }, `${time()}  resync      some changes were not delivered (${message.reason})`);
          }
          if (message.call_id) callsSeen.add(message.call_id);
          if (message.kind === "event") {
            const events = await getJson<{ data: TailEvent[] }>(c, `/api/v1/events?after=${afterEvent}`);
            for (const e of events.data) {
              afterEvent = e.id;
              if ((options.agent || options.call) && !callsSeen.has(e.call_id)) continue;
              emit({ kind: "event", ...e, change_id: message.id }, `${time()}  ${"event".padEnd(12)}${e.call_id}  ${eventText(e)}`);
            }
            return;
          }
          let status: string | undefined;
          if (message.kind.startsWith("call.") && message.call_id) {
            const page = await getJson<{ data: CallRow[] }>(c, `/api/v1/calls?${new URLSearchParams({ q: message.call_id, limit: "1" })}`);
            status = page.data.find((row) => row.id === message.call_id)?.status;
          }
          const subject = message.call_id ?? `monitor ${message.monitor_id}`;
          emit(
            { ...message, ...(status ? { status } : {}) },
            `${time()}  ${message.kind.padEnd(12)}${subject}  ${message.agent_id ?? ""}${status ? `  ${status}` : ""}`.trimEnd(),
          );
        },
        { signal: stop.signal, onConnected: connected, onDropped: dropped },
      );
    });
}

const eventText = (e: TailEvent) =>
  e.type === "log_metric"
    ? `${e.name} = ${JSON.stringify(e.value)}`
    : e.type === "log"
      ? `${e.level ?? "log"}: ${e.message}`
      : `${e.name}${e.message ? `: ${e.message}` : ""}`;

/** One call followed: prints what is new of it each time it is read again. */
class CallFollower {
  private readonly turns = new Set<string>();
  private readonly events = new Set<string>();
  private status: string | null = null;
  ended = false;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly c: Connection,
    private readonly id: string,
    private readonly out: (object: Record<string, unknown>, line: string) => void,
  ) {}

  /** Reads the call and prints its new turns, tool calls, events and status (one read at a time). */
  print(): Promise<void> {
    // A connection that broke while reading (a dropped keep-alive socket) is tried once more.
    this.reading = this.reading.then(() =>
      this.read().catch(async (error) => {
        if (error instanceof CliError) throw error;
        await new Promise((r) => setTimeout(r, 500));
        await this.read();
      }),
    );
    return this.reading;
  }

  private async read() {
    const call = await getJson<CallJson>(this.c, `/api/v1/calls/${encodeURIComponent(this.id)}`);
    if (this.status === null) {
      this.out(
        { kind: "call", id: call.id, agent_id: call.agent_id, status: call.status },
        `Call ${call.id} (${call.agent_name ?? call.agent_id ?? "no agent yet"}), ${call.status}`,
      );
      this.status = call.status;
    }
    for (const turn of call.transcript) {
      const key = `${turn.role}\u0000${turn.start_timestamp}`;
      if (this.turns.has(key)) continue;
      this.turns.add(key);
      const who = turn.role === "assistant" ? "agent" : turn.role;
      this.out({ kind: "turn", ...turn }, `[${who}] ${turn.text ?? ""}`);
      for (const tool of turn.tool_calls) this.out({ kind: "tool_call", ...tool }, `  [tool] ${tool.name}(${JSON.stringify(tool.arguments ?? {})})`);
    }
    for (const e of call.events) {
      if (this.events.has(e.id) || e.type === "log") continue;
      this.events.add(e.id);
      this.out({ kind: "event", ...e }, `  [${e.type === "log_metric" ? "metric" : "event"}] ${eventText(e as unknown as TailEvent)}`);
    }
    if (call.status !== this.status) {
      this.out({ kind: "status", status: call.status, end_reason: call.end_reason }, `— ${call.status}${call.end_reason ? ` (${call.end_reason})` : ""}`);
      this.status = call.status;
    }
    this.ended = ["completed", "failed", "cancelled"].includes(call.status);
  }
}
