// A benchmark's own Callscope: a fresh database, and the production build
// serving it.
import { rmSync } from "node:fs";
import path from "node:path";
import { type ApiKeyRole, createApiKey } from "@/lib/auth/api-keys";
import { createDatabase } from "@/lib/db/create-client";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { startNext, stop, tempDir, waitHealthy } from "./support";

/**
 * A database of this run alone: an embedded Postgres in a new temporary
 * folder (`dataDir`, which the app also takes for its data), migrated, with an
 * API key of each `keys` made.
 */
export async function freshDatabase(prefix: string, keys: { role: ApiKeyRole; value: string }[] = []) {
  const dataDir = tempDir(prefix);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
  try {
    await applyMigrations(server.url);
    if (keys.length) {
      const database = createDatabase(server.url, 1);
      try {
        for (const key of keys) await createApiKey(database.db, { label: "bench", ...key });
      } finally {
        await database.close();
      }
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  // Gone with the run: each of these folders holds a whole database, gigabytes for some benchmarks.
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  return { url: server.url, dataDir, stop: () => server.stop().then(remove) };
}

/**
 * The production build on a free port, serving `database` (webhook secret
 * "bench" unless `env` says otherwise), once it answers /api/health.
 */
export async function startApp(database: { url: string; dataDir: string }, env: Record<string, string> = {}) {
  const port = await freePort();
  const app = startNext({ DATABASE_URL: database.url, CARTESIA_WEBHOOK_SECRETS: "bench", CALLSCOPE_DATA_DIR: database.dataDir, ...env }, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(base, app);
  } catch (error) {
    await stop(app);
    throw error;
  }
  return { app, port, base };
}
