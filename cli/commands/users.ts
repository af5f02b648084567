// callscope users create | list (admin key)
import { type Command } from "commander";
import { getJson, request } from "../client";
import { err, out, outJson } from "../output";
import { conn } from "../command-options";
import { table } from "../table";

export function registerUsers(program: Command) {
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
}
