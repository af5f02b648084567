// Migrations without the native schema engine: Prisma's own engine compiled
// to WebAssembly, driven through the pg driver adapter. It records applied
// migrations in `_prisma_migrations` exactly as `prisma migrate deploy` does.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { loadSchemaEngine, type SchemaEngine } from "./schema-engine";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const SCHEMA_PATH = path.join(ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma/migrations");

/** Any key, as long as every Callscope process uses the same one. */
const MIGRATION_LOCK_KEY = 0x63616c6c; // "call"

/**
 * Connection settings as separate fields: the adapter makes its shadow
 * database by overriding `database`, which a connection string would win over.
 */
function poolConfig(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)) || "postgres",
    ssl: ["require", "verify-full", "verify-ca"].includes(parsed.searchParams.get("sslmode") ?? "") ? { rejectUnauthorized: false } : undefined,
  };
}

/**
 * Splits a migration script into statements at semicolons outside quotes,
 * comments and dollar-quoted bodies (function definitions).
 */
export function splitSqlScript(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const rest = script.slice(i);
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const end = script.indexOf(dollar[0], i + dollar[0].length);
      i = end < 0 ? script.length : end + dollar[0].length;
    } else if (rest.startsWith("--")) {
      const end = script.indexOf("\n", i);
      i = end < 0 ? script.length : end + 1;
    } else if (script[i] === "'" || script[i] === '"') {
      const end = script.indexOf(script[i], i + 1);
      i = end < 0 ? script.length : end + 1;
    } else if (script[i] === ";") {
      statements.push(script.slice(start, i));
      start = ++i;
    } else i++;
  }
  statements.push(script.slice(start));
  return statements.map((s) => s.trim()).filter((s) => s.replace(/--[^\n]*/g, "").trim().length > 0);
}

/**
 * A migration whose script starts with this line can be applied again after
 * it was stopped part way (killed, or the database restarted): the statements
 * it finished are recorded, the next start skips them and carries on, and a
 * failed record of it in `_prisma_migrations` is marked rolled back instead of
 * refusing to start. Each statement must be safe to run again after it was
 * stopped itself (IF NOT EXISTS, an invalid index dropped first).
 */
export const RESUMABLE = "-- resumable";

type QueryClient = { query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };

/** How many statements of `script` a stopped run finished, and a way to record one more. */
async function resumableSteps(client: QueryClient, script: string) {
  const key = createHash("sha256").update(script).digest("hex");
  await client.query("create table if not exists _callscope_migration_steps (script text primary key, done int not null)");
  const found = await client.query("select done from _callscope_migration_steps where script = $1", [key]);
  return {
    done: Number(found.rows[0]?.done ?? 0),
    finished: async (done: number, of: number) => {
      if (done === of) await client.query("delete from _callscope_migration_steps where script = $1", [key]);
      else await client.query("insert into _callscope_migration_steps values ($1, $2) on conflict (script) do update set done = excluded.done", [key, done]);
    },
  };
}

/**
 * A CREATE INDEX CONCURRENTLY that was stopped leaves its index behind, marked
 * invalid, which IF NOT EXISTS would then take as built: the statement a
 * resumed migration starts with drops it first.
 */
async function dropInvalidIndex(client: QueryClient, statement: string) {
  const name = /^create\s+(?:unique\s+)?index\s+concurrently\s+if\s+not\s+exists\s+"?([\w$]+)"?/i.exec(statement)?.[1];
  if (!name) return;
  const { rows } = await client.query("select not indisvalid as invalid from pg_index where indexrelid = to_regclass($1)", [name]);
  if (rows[0]?.invalid) await client.query(`drop index concurrently if exists "${name}"`);
}

/** The pg adapter, with migration scripts split by splitSqlScript rather than at every semicolon. */
class MigrationPg extends PrismaPg {
  async connect() {
    const adapter = await super.connect();
    const inner = adapter as unknown as { client: QueryClient; onError(error: unknown): never };
    adapter.executeScript = async (script: string) => {
      const statements = splitSqlScript(script);
      const steps = script.startsWith(RESUMABLE) ? await resumableSteps(inner.client, script) : null;
      for (const [index, statement] of statements.entries()) {
        if (steps && index < steps.done) continue;
        try {
          if (steps && index === steps.done) await dropInvalidIndex(inner.client, statement);
          await inner.client.query(statement);
          await steps?.finished(index + 1, statements.length);
        } catch (error) {
          inner.onError(error);
        }
      }
    };
    return adapter;
  }
}

async function openEngine(url: string): Promise<SchemaEngine> {
  const SchemaEngine = await loadSchemaEngine();
  const adapter = new MigrationPg(poolConfig(url));
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  return SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => {}, bindMigrationAwareSqlAdapterFactory(adapter));
}

/** The committed migrations, in order; `before`: only those that come before that one. */
function migrationsList(before?: string) {
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  const directories = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .filter((name) => before === undefined || name < before)
        .sort()
    : [];
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

const filters = { externalTables: [], externalEnums: [] };

/**
 * A resumable migration that a stopped run left failed is marked rolled back,
 * as `prisma migrate resolve --rolled-back` would, so that it is applied
 * again and carries on. Called holding the migration lock: no other run is
 * part way through it.
 */
async function retryStoppedMigrations(client: pg.Client, directories: ReturnType<typeof migrationsList>["migrationDirectories"]) {
  const resumable = directories.filter((d) => d.migrationFile.content.value.startsWith(RESUMABLE)).map((d) => d.path);
  if (!resumable.length || !(await client.query("select to_regclass('_prisma_migrations') as t")).rows[0].t) return;
  await client.query(
    `update _prisma_migrations set rolled_back_at = now()
     where migration_name = any($1::text[]) and finished_at is null and rolled_back_at is null`,
    [resumable],
  );
}

/**
 * Applies every pending migration; several processes may call this at once.
 * `before` stops short of that migration, to leave a database as it was when
 * that one arrived (a test of what it does to data already stored).
 */
export async function applyMigrations(url: string, options: { before?: string } = {}): Promise<string[]> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    // Polled, not waited for: a session waiting in pg_advisory_lock holds a
    // snapshot, and CREATE INDEX CONCURRENTLY in the migrations being applied
    // waits for every older snapshot, so it would wait for us forever.
    while (!(await lock.query("select pg_try_advisory_lock($1) as locked", [MIGRATION_LOCK_KEY])).rows[0].locked) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const list = migrationsList(options.before);
    await retryStoppedMigrations(lock, list.migrationDirectories);
    const engine = await openEngine(url);
    try {
      const result = await engine.applyMigrations({ migrationsList: list, filters });
      return result.appliedMigrationNames;
    } finally {
      engine.free();
    }
  } finally {
    await lock.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await lock.end();
  }
}

/** Names of committed migrations that the database has not applied yet. */
export async function pendingMigrations(url: string): Promise<string[]> {
  const names = migrationsList().migrationDirectories.map((d) => d.path);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query("select to_regclass('_prisma_migrations') as t");
    if (!table.rows[0].t) return names;
    const applied = await client.query("select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null");
    const done = new Set(applied.rows.map((r) => r.migration_name as string));
    return names.filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}

/**
 * The schema the latest generated migration was written from: one copy, kept
 * beside the migrations and replaced by each new one. Hand-written migrations
 * (triggers, functions) change no Prisma schema and leave it as it is.
 */
const SNAPSHOT = path.join(MIGRATIONS_DIR, "schema.prisma");

/**
 * Writes a new migration folder with the SQL that takes the schema of the
 * latest migration to the current prisma/schema.prisma. Both sides are Prisma
 * schemas, so the database is only connected to, never read or changed.
 */
export async function createMigration(url: string, name: string) {
  const engine = await openEngine(url);
  try {
    const snapshot = existsSync(SNAPSHOT) ? SNAPSHOT : null;
    const current = readFileSync(SCHEMA_PATH, "utf8");
    const result = await engine.diff({
      from: snapshot ? { tag: "schemaDatamodel", files: [{ path: snapshot, content: readFileSync(snapshot, "utf8") }] } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: current }] },
      script: true,
      exitCode: null,
      filters,
    });
    const sql = result.stdout ?? "";
    if (!sql.trim() || sql.includes("This is an empty migration")) return null;
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const folder = `${stamp}_${name.replace(/[^a-z0-9_]+/gi, "_").toLowerCase()}`;
    mkdirSync(path.join(MIGRATIONS_DIR, folder), { recursive: true });
    writeFileSync(path.join(MIGRATIONS_DIR, folder, "migration.sql"), sql);
    writeFileSync(SNAPSHOT, current);
    const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
    if (!existsSync(lockPath)) {
      writeFileSync(
        lockPath,
        '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
      );
    }
    return { folder, sql };
  } finally {
    engine.free();
  }
}
