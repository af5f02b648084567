// callscope erase: a person's calls lose their content (admin key)
import { type Command, Option } from "commander";
import { CliError, EXIT, request } from "../client";
import { out } from "../output";
import { conn } from "../command-options";

export function registerErase(program: Command) {
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
}
