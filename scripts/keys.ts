// npm run keys -- create|list|revoke - API keys, managed on the database
// directly (the embedded one, or DATABASE_URL's), for the first key and for
// operators without the console.
import { Command, InvalidArgumentError } from "commander";
import { API_KEY_ROLES, ApiKeyError, type ApiKeyRole, createApiKey, listApiKeys, revokeApiKey, splitAgentIds } from "@/lib/auth/api-keys";
import { createDatabase } from "@/lib/db/create-client";
import { openDatabase } from "@/lib/db/open-database";

async function withDb<T>(run: (db: ReturnType<typeof createDatabase>["db"]) => Promise<T>): Promise<T> {
  const database = await openDatabase();
  const { db, close } = createDatabase(database.url, 1);
  try {
    return await run(db);
  } finally {
    await close();
    await database.stop();
  }
}

const program = new Command("keys").description("Manage Callscope API keys").showHelpAfterError();

program
  .command("create")
  .description("create a key and print it once")
  .requiredOption("--label <label>", "what the key is for")
  .option(
    "--role <role>",
    `one of ${API_KEY_ROLES.join(", ")}`,
    (value) => {
      if (!API_KEY_ROLES.includes(value as ApiKeyRole)) throw new InvalidArgumentError(`must be one of ${API_KEY_ROLES.join(", ")}`);
      return value as ApiKeyRole;
    },
    "ingest" as ApiKeyRole,
  )
  .option(
    "--agent <id>",
    "an ingest key for this agent only (repeat, or separate with commas, for several)",
    (value: string, previous: string[]) => [...previous, ...splitAgentIds(value)],
    [] as string[],
  )
  .action(async ({ label, role, agent }: { label: string; role: ApiKeyRole; agent: string[] }) => {
    let created;
    try {
      created = await withDb((db) => createApiKey(db, { label, role, agentIds: agent }));
    } catch (error) {
      if (!(error instanceof ApiKeyError)) throw error;
      console.error(error.message);
      process.exit(2);
    }
    const scope = created.agentIds.length ? ` for the agents ${created.agentIds.join(", ")}` : "";
    console.error(`Created ${role} key "${label}" (${created.id})${scope}. It is shown this once:`);
    console.log(created.key);
  });

program
  .command("list")
  .description("list keys (never their values)")
  .option("--json", "machine-readable output")
  .action(async ({ json }: { json?: boolean }) => {
    const keys = await withDb((db) => listApiKeys(db));
    if (json) return console.log(JSON.stringify(keys, null, 2));
    for (const k of keys) {
      const agents = k.agentIds.length ? `  (agents: ${k.agentIds.join(", ")})` : "";
      console.log([k.id, k.role.padEnd(6), `${k.hint}…`, k.revokedAt ? "revoked" : "active ", k.label].join("  ") + agents);
    }
  });

program
  .command("revoke <id>")
  .description("revoke a key by its id")
  .action(async (id: string) => {
    const revoked = await withDb((db) => revokeApiKey(db, id));
    if (!revoked) {
      console.error(`No active key with id ${id}.`);
      process.exit(1);
    }
    console.error(`Revoked ${id}.`);
  });

await program.parseAsync();
