// callscope - Callscope from the command line, over its HTTP API, so it works
// against a remote deployment as well as a local one. Each command lives in
// cli/commands/<name>.ts as register<Name>(program); what they share is in
// cli/command-options.ts.
import { Command } from "commander";
import { CliError, EXIT } from "./client";
import { registerBundle } from "./commands/bundle";
import { registerCalls } from "./commands/calls";
import { registerCauses } from "./commands/causes";
import { registerErase } from "./commands/erase";
import { registerKeys } from "./commands/keys";
import { registerLatency } from "./commands/latency";
import { registerMcp } from "./commands/mcp";
import { registerSync } from "./commands/sync";
import { registerTail } from "./commands/tail";
import { registerTranscripts } from "./commands/transcripts";
import { registerUsers } from "./commands/users";
import { registerWebhook } from "./commands/webhook";
import { err, terminalSafe } from "./output";

const program = new Command("callscope")
  .description("Browse and export the calls of your Cartesia Line agents stored in Callscope")
  .option("--url <url>", "the Callscope server (default: $CALLSCOPE_URL or http://localhost:3000)")
  .option("--key <key>", "an API key (default: $CALLSCOPE_API_KEY)")
  .showHelpAfterError()
  .configureOutput({ writeOut: (s) => process.stdout.write(terminalSafe(s)), writeErr: (s) => process.stderr.write(terminalSafe(s)) })
  // Wrong usage (an unknown option, two that conflict, a bad value) exits 2, as documented; help and the version exit 0.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT.usage));

for (const register of [
  registerCalls,
  registerTranscripts,
  registerKeys,
  registerErase,
  registerUsers,
  registerWebhook,
  registerTail,
  registerSync,
  registerLatency,
  registerCauses,
  registerMcp,
  registerBundle,
])
  register(program);

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
