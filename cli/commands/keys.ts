// callscope keys create | list | revoke (admin key)
import { type Command, Option } from "commander";
import { getJson, request } from "../client";
import { err, out, outJson } from "../output";
import { conn } from "../command-options";
import { table } from "../table";

export function registerKeys(program: Command) {
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
}
