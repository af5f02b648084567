// callscope - Callscope from the command line, over its HTTP API, so it works
// against a remote deployment as well as a local one.
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { Command, InvalidArgumentError, Option } from "commander";
import { API_FILTER_NAMES } from "../lib/calls/api-filter-names";
import type { CallJson, CallSummaryJson, StreamEventJson } from "@/lib/calls/call-json";
import type { CauseDetailJson, CauseJson } from "@/lib/causes/cause-json";
import type { LatencyReportJson } from "@/lib/latency/latency-json";
import { KIND_FILTERS } from "../lib/live/change-json";
import { CliError, type Connection, connection, EXIT, getJson, request } from "./client";
import { followStream } from "./follow-stream";
import { err, out, outJson, terminalSafe, terminalSafeStream } from "./output";
import { runMcpBridge } from "./mcp-bridge";
import { progress } from "./progress";
import { ms, table } from "./table";

type Global = { url?: string; key?: string };

const program = new Command("callscope")
  .description("Browse and export the calls of your Cartesia Line agents stored in Callscope")
  .option("--url <url>", "the Callscope server (default: $CALLSCOPE_URL or http://localhost:3000)")
  .option("--key <key>", "an API key (default: $CALLSCOPE_API_KEY)")
  .showHelpAfterError()
  .configureOutput({ writeOut: (s) => process.stdout.write(terminalSafe(s)), writeErr: (s) => process.stderr.write(terminalSafe(s)) })
  // Wrong usage (an unknown option, two that conflict, a bad value) exits 2, as documented; help and the version exit 0.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT.usage));

const conn = (command: Command): Connection => connection(command.optsWithGlobals<Global>());

function filterParams(o: { agent?: string[]; status?: string; deployment?: string; since?: string; until?: string; search?: string }) {
  const params = new URLSearchParams();
  for (const a of o.agent ?? []) params.append(API_FILTER_NAMES.agent, a);
  if (o.status) params.set("status", o.status);
  if (o.deployment) params.set(API_FILTER_NAMES.deployment, o.deployment);
  if (o.since) params.set("from", o.since);
  if (o.until) params.set("to", o.until);
  if (o.search) params.set("q", o.search);
  return params;
}

const withFilters = (command: Command) =>
  command
    .option("--agent <id...>", "only these agents")
    .option("--status <status>", "only calls with this status (completed, failed, …)")
    .option("--deployment <id>", "only calls of this deployment")
    .option("--since <time>", "calls from this date or RFC 3339 time")
    .option("--until <time>", "calls before this date or time")
    .option("--search <text>", "full-text search over transcripts");

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number above 0");
  return n;
};

type TailEvent = StreamEventJson;
type CallRow = CallSummaryJson;

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

const FORMATS = ["json", "csv", "vtt", "srt", "txt"];

program
  .command("transcript")
  .description("one call's transcript")
  .command("export <id>")
  .description("export a call's transcript with turn-level timestamps")
  .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("json"))
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
  .addOption(new Option("--format <format>", "output format").choices(["jsonl", "csv"]).default("jsonl"))
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

const keys = program.command("keys").description("API keys (needs an admin key)");
keys
  .command("create")
  .description("create a key; it is printed once")
  .requiredOption("--label <label>", "what the key is for")
  .addOption(new Option("--role <role>", "what the key may do").choices(["ingest", "member", "admin"]).default("ingest"))
  .option(
    "--agent <id>",
    "an ingest key for this agent only (repeat, or separate with commas, for several)",
    (value: string, previous: string[]) => [...previous, ...value.split(/[\s,]+/).filter(Boolean)],
    [] as string[],
  )
  .action(async (options, command: Command) => {
    const body = { label: options.label, role: options.role, ...(options.agent.length ? { agent_ids: options.agent } : {}) };
    const created = (await (await request(conn(command), "POST", "/api/v1/keys", body)).json()) as {
      id: string;
      key: string;
      role: string;
      agent_ids: string[];
    };
    const scope = created.agent_ids?.length ? ` for the agents ${created.agent_ids.join(", ")}` : "";
    err(`Created ${created.role} key ${created.id}${scope}. It is shown this once:`);
    out(created.key);
  });
keys
  .command("list")
  .description("list keys (never their values)")
  .option("--json", "machine-readable output")
  .action(async (options, command: Command) => {
    const { data } = await getJson<{
      data: { id: string; label: string; role: string; hint: string; agent_ids?: string[]; revoked_at: string | null; last_used_at: string | null }[];
    }>(conn(command), "/api/v1/keys");
    if (options.json) return outJson(data);
    out(
      table(
        ["ID", "ROLE", "AGENTS", "BEGINS", "STATE", "LAST USED", "LABEL"],
        data.map((k) => [
          k.id,
          k.role,
          k.agent_ids?.length ? k.agent_ids.join(",") : "any",
          `${k.hint}…`,
          k.revoked_at ? "revoked" : "active",
          k.last_used_at ?? "never",
          k.label,
        ]),
      ),
    );
  });
keys
  .command("revoke <id>")
  .description("revoke a key")
  .action(async (id: string, _options, command: Command) => {
    await request(conn(command), "DELETE", `/api/v1/keys/${encodeURIComponent(id)}`);
    err(`Revoked ${id}.`);
  });

program
  .command("erase")
  .description("erase a person's data: the content and recording of every call with this phone number or email address (admin key)")
  .addOption(new Option("--phone <number>", "a phone number, best in international form (+15551234567)").conflicts("email"))
  .addOption(new Option("--email <address>", "an email address").conflicts("phone"))
  .action(async (options: { phone?: string; email?: string }, command: Command) => {
    if (!options.phone && !options.email) throw new CliError("Say whose data to erase: --phone <number> or --email <address>.", EXIT.usage);
    const body = options.phone ? { phone: options.phone } : { email: options.email };
    const answer = (await (await request(conn(command), "POST", "/api/v1/erasure", body)).json()) as { calls_affected: number; call_ids: string[] };
    out(`Erased the content of ${answer.calls_affected} call${answer.calls_affected === 1 ? "" : "s"}.`);
    for (const id of answer.call_ids) out(id);
  });

const users = program.command("users").description("console users (needs an admin key)");
users
  .command("create")
  .description("create a user; without --password one is generated and printed once")
  .requiredOption("--email <email>", "the user's email, used to sign in")
  .option("--admin", "make an admin (settings, secrets, keys, users) rather than a member")
  .option("--name <name>", "a display name")
  .option("--password <password>", "the password (8 to 128 characters); prefer the generated one")
  .action(async (options, command: Command) => {
    const body = { email: options.email, name: options.name, password: options.password, role: options.admin ? "admin" : "member" };
    const created = (await (await request(conn(command), "POST", "/api/v1/users", body)).json()) as {
      id: string;
      email: string;
      role: string;
      password?: string;
    };
    err(`Created ${created.role} ${created.email}.`);
    if (created.password) {
      err("The password is shown this once:");
      out(created.password);
    }
  });
users
  .command("list")
  .description("list users")
  .option("--json", "machine-readable output")
  .action(async (options, command: Command) => {
    const { data } = await getJson<{ data: { id: string; email: string; role: string; created_at: string; last_active_at: string | null }[] }>(
      conn(command),
      "/api/v1/users",
    );
    if (options.json) return outJson(data);
    out(
      table(
        ["EMAIL", "ROLE", "CREATED", "LAST ACTIVE"],
        data.map((u) => [u.email, u.role, u.created_at, u.last_active_at ?? "never"]),
      ),
    );
  });

program
  .command("webhook")
  .description("webhook tools")
  .command("test <url>")
  .description("send a sample call_started delivery to a webhook endpoint and report the answer")
  .requiredOption("--secret <secret>", "the webhook secret to send in x-webhook-secret")
  .option("--call <id>", "the request_id to use", `MZtest${Date.now().toString(16)}`)
  .action(async (url: string, options) => {
    const delivery = {
      type: "call_started",
      request_id: options.call,
      agent_id: "agent_test",
      webhook_id: "agent_webhook_test",
      body: [],
      timestamp: new Date().toISOString(),
    };
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-webhook-secret": options.secret },
        body: JSON.stringify(delivery),
      });
    } catch (error) {
      throw new CliError(`Cannot reach ${url}: ${(error as Error).cause ?? (error as Error).message}`, EXIT.unreachable);
    }
    const text = await response.text();
    out(`${response.status} ${response.statusText}\n${text}`);
    if (response.status === 401) throw new CliError("The endpoint refused the secret.", EXIT.auth);
    if (!response.ok) throw new CliError(`The endpoint answered ${response.status}.`, EXIT.failure);
  });

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

program
  .command("sync")
  .description(
    "bring calls, transcripts, recordings, logs and deployments from Cartesia's API into Callscope (needs an admin key; the server needs CARTESIA_API_KEY)",
  )
  .option("--agent <id>", "only this agent's calls")
  .option("--since <date>", "only calls that started after this date or RFC 3339 time")
  .option("--limit <n>", "at most this many calls", positive)
  .option("--cancel <id>", "cancel the sync with this id instead")
  .action(async (options, command: Command) => {
    const c = conn(command);
    if (options.cancel) {
      await request(c, "DELETE", `/api/v1/sync/${encodeURIComponent(options.cancel)}`);
      err(`Cancelled sync ${options.cancel}.`);
      return;
    }
    const body: Record<string, unknown> = {};
    if (options.agent) body.agent_id = options.agent;
    if (options.since) body.since = options.since;
    if (options.limit) body.limit = options.limit;
    const { id } = (await (await request(c, "POST", "/api/v1/sync", body)).json()) as { id: string };
    const bar = progress("Syncing calls", options.limit ?? null);
    // Ctrl-C stops the sync on the server too, not only this command.
    process.once("SIGINT", () => {
      void request(c, "DELETE", `/api/v1/sync/${id}`)
        .catch(() => {})
        .finally(() => {
          err(`\nCancelled sync ${id}.`);
          process.exit(130);
        });
    });
    type Sync = { status: string; progress: { calls: number; recordings: number; logs: number; deployments: number } | null; error: string | null };
    for (;;) {
      const job = await getJson<Sync>(c, `/api/v1/sync/${id}`);
      const done = job.progress?.calls ?? 0;
      if (done > bar.done) bar.tick(done - bar.done);
      if (job.status === "done") {
        bar.finish();
        const p = job.progress!;
        err(`Synced ${p.calls} calls, ${p.recordings} recordings, ${p.logs} log lines, ${p.deployments} deployments.`);
        return;
      }
      if (job.status === "cancelled") {
        bar.finish();
        throw new CliError(`The sync was cancelled after ${done} calls.`, EXIT.failure);
      }
      if (job.status === "failed" || (job.status === "queued" && job.error)) {
        bar.finish();
        throw new CliError(`The sync failed: ${job.error}`, job.error?.includes("401") ? EXIT.auth : EXIT.failure);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  });

const RANGES = ["6h", "24h", "7d", "30d"];
program
  .command("latency")
  .description("latency percentiles by agent and deployment, and where the answered turns' waits went (per stage)")
  .addOption(new Option("--range <range>", "the range, ending now").choices(RANGES).default("7d"))
  .option("--agent <id...>", "only these agents")
  .option("--deployment <id...>", "only these deployments")
  .option("--metric <name>", "tts_ttfb, stt_ttfb, response_gap, heard_gap, stage_llm, … or a logged *_ms metric", "tts_ttfb")
  .addOption(new Option("--stages <group>", "one stage waterfall per").choices(["agent", "deployment", "version"]).default("agent"))
  .option("--tz <zone>", "IANA time zone of day buckets", "UTC")
  .option("--json", "machine-readable output (the API's answer)")
  .action(async (options, command: Command) => {
    const params = new URLSearchParams({ range: options.range, metric: options.metric, stages: options.stages, tz: options.tz });
    for (const a of options.agent ?? []) params.append(API_FILTER_NAMES.agent, a);
    for (const d of options.deployment ?? []) params.append(API_FILTER_NAMES.deployment, d);
    const report = await getJson<LatencyReportJson>(conn(command), `/api/v1/latency?${params}`);
    if (options.json) return console.log(JSON.stringify(report, null, 2));
    const round = (v: number | null | undefined) => (v === null || v === undefined ? null : `${Math.round(v)} ms`);
    const shift = (s: LatencyReportJson["by_deployment"][number]["p95_shift"]) =>
      s ? `${s.change > 0 ? "+" : ""}${Math.round(s.change)} ms${s.significant ? "" : " (noise)"}` : null;
    console.log(`${report.metric}, ${report.range} (${report.from.slice(0, 16)} to ${report.to.slice(0, 16)} UTC)\n`);
    if (!report.by_agent.length) console.log(`No ${report.metric} values in this range.`);
    else {
      console.log(
        table(
          ["AGENT", "VALUES", "P50", "P95", "P99"],
          report.by_agent.map((r) => [r.key, r.values, round(r.p50), round(r.p95), round(r.p99)]),
        ),
      );
      if (report.by_deployment.length) {
        console.log("");
        console.log(
          table(
            ["DEPLOYMENT", "AGENT", "VALUES", "P50", "P95", "P95 VS PREVIOUS"],
            report.by_deployment.map((r) => [r.key, r.agent_id, r.values, round(r.p50), round(r.p95), r.previous_deployment_id ? shift(r.p95_shift) : "first"]),
          ),
        );
      }
    }
    const stages = report.stages;
    console.log(`\nWhere the time went (per ${stages.group}; each stage's own percentile)\n`);
    if (!stages.groups.length) console.log("No answered turn measured in this range.");
    else
      console.log(
        table(
          [stages.group.toUpperCase(), "", "WAIT", "ENDPOINTING", "STT", "LLM", "TTS", "UNATTRIBUTED"],
          stages.groups.flatMap((g) =>
            (["p50", "p95"] as const).map((p) => [
              p === "p50" ? g.label : "",
              p,
              round(g[p].wait_ms),
              round(g[p].endpointing_ms),
              round(g[p].stt_ms),
              round(g[p].llm_ms),
              round(g[p].tts_ms),
              round(g[p].unattributed_ms),
            ]),
          ),
        ),
      );
    for (const c of stages.comparisons) if (c.sentence) console.log(`\n${c.sentence}`);
  });

const causes = program.command("causes").description("failing calls grouped into causes (the Problems page)");

causes
  .command("list")
  .description("the open causes, by the calls they cost in the range")
  .option("--agent <id...>", "only causes seen in these agents' calls")
  .option("--deployment <id...>", "only causes seen in these deployments' calls")
  .option("--state <state...>", "new, ongoing, resolved, regressed, ignored (default: new, ongoing, regressed)")
  .option("--kind <kind...>", "cartesia_error, agent_error, tool_error, transfer_failed, end_reason, dead_air, unexplained_failure")
  .option("--search <text>", "words of the cause's title")
  .addOption(new Option("--range <range>", "the calls counted").choices(["24h", "7d", "14d", "30d", "90d"]).default("7d"))
  .option("--limit <n>", "how many (1 to 200)", positive, 50)
  .option("--json", "machine-readable output (the API's answer)")
  .action(async (options, command: Command) => {
    const params = new URLSearchParams({ range: options.range, limit: String(options.limit) });
    for (const a of options.agent ?? []) params.append("agent_id", a);
    for (const d of options.deployment ?? []) params.append("deployment_id", d);
    for (const s of options.state ?? []) params.append("state", s);
    for (const k of options.kind ?? []) params.append("kind", k);
    if (options.search) params.set("q", options.search);
    const list = await getJson<{ data: CauseJson[] }>(conn(command), `/api/v1/causes?${params}`);
    if (options.json) return outJson(list);
    if (!list.data.length) return err("No causes match.");
    out(
      table(
        ["ID", "STATE", "KIND", `CALLS ${options.range.toUpperCase()}`, "ALL CALLS", "LAST SEEN", "TITLE"],
        list.data.map((c) => [c.id, c.state, c.kind, c.calls_in_range, c.calls, c.last_seen_at.replace("T", " ").slice(0, 16), c.title]),
      ),
    );
  });

causes
  .command("get <id>")
  .description("one cause: where it was seen, example calls and its history")
  .option("--json", "machine-readable output (the API's answer)")
  .action(async (id: string, options, command: Command) => {
    const c = await getJson<CauseDetailJson>(conn(command), `/api/v1/causes/${encodeURIComponent(id)}`);
    if (options.json) return outJson(c);
    out(`${c.id}  ${c.state}  ${c.kind}${c.tool ? ` (${c.tool})` : ""}`);
    out(c.title);
    out(`${c.calls} calls, first seen ${c.first_seen_at}${c.new_in_deployment_id ? ` in ${c.new_in_deployment_id}` : ""}, last seen ${c.last_seen_at}`);
    if (c.deployments.length) {
      out("");
      out(
        table(
          ["DEPLOYMENT", "CALLS", "SHARE"],
          c.deployments.map((d) => [d.deployment_id, d.calls, `${(d.share * 100).toFixed(1)}%`]),
        ),
      );
    }
    if (c.examples.length) {
      out("");
      out(
        table(
          ["CALL", "WHICH", "AT", "SEEN"],
          c.examples.map((e) => [e.call_id, e.which, e.offset_s === null ? null : `${e.offset_s.toFixed(1)} s`, e.seen_at]),
        ),
      );
    }
    out("");
    out(
      table(
        ["WHEN", "STATE", "BY", "NOTE"],
        c.history.map((h) => [h.at, `${h.from_state ?? "—"} → ${h.to_state}`, h.actor, h.note]),
      ),
    );
  });

/** Changes a cause's state (admin key) and prints what it is now. */
const changeState = (name: string, description: string) =>
  causes.command(`${name} <id>`).description(description).option("--note <text>", "why, kept in the cause's history");

changeState("resolve", "mark a cause fixed; seen again in a newer call, it regresses (admin key)")
  .option("--in <deployment>", "the deployment that fixes it: older deployments' calls do not reopen it")
  .action(async (id: string, options, command: Command) => {
    await setCauseState(command, id, { state: "resolved", resolved_in_deployment_id: options.in, note: options.note });
  });
changeState("ignore", "hide a cause from the list, forever or for a while (admin key)")
  .option("--until <time>", "until this RFC 3339 time")
  .option("--calls <n>", "until this many more calls have it", positive)
  .action(async (id: string, options, command: Command) => {
    await setCauseState(command, id, { state: "ignored", ignore_until: options.until, ignore_calls: options.calls, note: options.note });
  });
changeState("reopen", "make a resolved or ignored cause ongoing again (admin key)").action(async (id: string, options, command: Command) => {
  await setCauseState(command, id, { state: "ongoing", note: options.note });
});

async function setCauseState(command: Command, id: string, change: Record<string, unknown>) {
  const answer = (await (await request(conn(command), "PATCH", `/api/v1/causes/${encodeURIComponent(id)}`, change)).json()) as CauseDetailJson;
  err(`${answer.id} is ${answer.state}.`);
}

program
  .command("mcp")
  .description("an MCP server on stdin/stdout for AI assistants (Claude Desktop and others), passed to the server's /api/mcp")
  .action(async (_options, command: Command) => {
    await runMcpBridge(conn(command));
  });

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

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CliError) {
    err(`callscope: ${error.message}`);
    process.exit(error.code);
  }
  err(`callscope: ${(error as Error).message}`);
  process.exit(EXIT.failure);
}
