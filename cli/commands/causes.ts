// callscope causes list | get | resolve | ignore | reopen
import { type Command, Option } from "commander";
import type { CauseDetailJson, CauseJson } from "@/lib/causes/cause-json";
import { getJson, request } from "../client";
import { err, out, outJson } from "../output";
import { conn, positive } from "../command-options";
import { table } from "../table";

export function registerCauses(program: Command) {
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
}

async function setCauseState(command: Command, id: string, change: Record<string, unknown>) {
  const answer = (await (await request(conn(command), "PATCH", `/api/v1/causes/${encodeURIComponent(id)}`, change)).json()) as CauseDetailJson;
  err(`${answer.id} is ${answer.state}.`);
}
